package dev.defuse.cli.chaos;

/**
 * One topic's records for a job.
 *
 * @param records        records on the topic (a redelivered or re-sent record counts again)
 * @param eventIds       distinct event ids
 * @param facts          distinct facts (mistake row 4 of shard 2, region 3, …)
 * @param rawDuplicates  records beyond the first of their event id: harmless, every consumer deduplicates by id
 * @param factDuplicates event ids beyond the first of their fact: a fact re-sent under a new id is acted on twice by
 *                       consumers that deduplicate by id, so its effects are duplicated
 */
public record TopicCount(int records, int eventIds, int facts, int rawDuplicates, int factDuplicates) {}
