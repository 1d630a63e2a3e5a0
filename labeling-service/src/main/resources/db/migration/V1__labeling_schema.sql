-- Labeling state of the Defuse pipeline (labeling-service). PostgreSQL.
-- Invariants the service relies on are constraints here, so no code path can break them:
--   * one vote per (item, vendor, annotator) and one per assignment;
--   * an annotator is assigned an item at most once;
--   * an item never receives more votes than it needs;
--   * an event id is processed / published at most once.

CREATE SEQUENCE vendor_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE vendor (
    id              BIGINT PRIMARY KEY,
    name            TEXT        NOT NULL UNIQUE,
    key_hash        BYTEA       NOT NULL UNIQUE,
    key_fingerprint TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ
);

CREATE SEQUENCE annotator_link_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE annotator_link (
    id           BIGINT PRIMARY KEY,
    vendor_id    BIGINT      NOT NULL REFERENCES vendor (id),
    annotator_id TEXT        NOT NULL,
    token_hash   BYTEA       NOT NULL UNIQUE,
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE labeling_job (
    job_id              TEXT PRIMARY KEY,
    classes_json        TEXT             NOT NULL,
    annotators_per_item INT              NOT NULL CHECK (annotators_per_item > 0),
    rho                 DOUBLE PRECISION NOT NULL,
    expected_regions    INT,
    created_at          TIMESTAMPTZ      NOT NULL,
    completed_at        TIMESTAMPTZ
);

CREATE SEQUENCE region_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE region (
    id                 BIGINT PRIMARY KEY,
    job_id             TEXT             NOT NULL REFERENCES labeling_job (job_id),
    region_id          INT              NOT NULL,
    weight             DOUBLE PRECISION NOT NULL,
    review_key         TEXT             NOT NULL,
    review_sha256      TEXT             NOT NULL,
    status             TEXT             NOT NULL,
    misclassification  BOOLEAN,
    label              INT,
    labeled_items      INT,
    disagreeing_items  INT,
    disagreement_share DOUBLE PRECISION,
    created_at         TIMESTAMPTZ      NOT NULL,
    decided_at         TIMESTAMPTZ,
    UNIQUE (job_id, region_id)
);

CREATE SEQUENCE item_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE item (
    id             BIGINT PRIMARY KEY,
    region_pk      BIGINT           NOT NULL REFERENCES region (id),
    job_id         TEXT             NOT NULL REFERENCES labeling_job (job_id),
    review_row     INT              NOT NULL,
    predicted      INT              NOT NULL,
    votes_needed   INT              NOT NULL,
    votes_received INT              NOT NULL DEFAULT 0,
    status         TEXT             NOT NULL,
    label          INT,
    agreement      DOUBLE PRECISION,
    completed_at   TIMESTAMPTZ,
    UNIQUE (region_pk, review_row),
    CHECK (votes_received >= 0 AND votes_received <= votes_needed)
);
CREATE INDEX item_open ON item (id) WHERE status = 'OPEN';
CREATE INDEX item_region ON item (region_pk);
CREATE INDEX item_job ON item (job_id);

CREATE TABLE assignment (
    id           UUID PRIMARY KEY,
    item_id      BIGINT      NOT NULL REFERENCES item (id),
    vendor_id    BIGINT      NOT NULL REFERENCES vendor (id),
    annotator_id TEXT        NOT NULL,
    state        TEXT        NOT NULL,
    leased_at    TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    UNIQUE (item_id, vendor_id, annotator_id)
);
CREATE INDEX assignment_live ON assignment (item_id, expires_at) WHERE state = 'LEASED';
CREATE INDEX assignment_annotator ON assignment (vendor_id, annotator_id, state);

CREATE SEQUENCE vote_seq START WITH 1 INCREMENT BY 50;
CREATE TABLE vote (
    id            BIGINT PRIMARY KEY,
    item_id       BIGINT      NOT NULL REFERENCES item (id),
    assignment_id UUID        NOT NULL UNIQUE REFERENCES assignment (id),
    vendor_id     BIGINT      NOT NULL REFERENCES vendor (id),
    annotator_id  TEXT        NOT NULL,
    label         INT,  -- NULL: "none of the above"
    created_at    TIMESTAMPTZ NOT NULL,
    UNIQUE (item_id, vendor_id, annotator_id)
);
CREATE INDEX vote_annotator ON vote (vendor_id, annotator_id);

-- Consumed event ids: a redelivered record is recognised and skipped.
CREATE TABLE processed_event (
    event_id     TEXT PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL
);

-- Transactional outbox: events are written in the transaction that decides them and sent after commit.
CREATE TABLE outbox_event (
    event_id     TEXT PRIMARY KEY,
    seq          BIGSERIAL   NOT NULL,  -- send order
    record_key   TEXT        NOT NULL,
    payload      TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_pending ON outbox_event (seq) WHERE published_at IS NULL;
