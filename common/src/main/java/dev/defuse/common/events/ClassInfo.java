package dev.defuse.common.events;

import dev.defuse.common.util.Require;

/**
 * One class of a classification task with its explicit id (the classifier's output index) and display name.
 * Class ids are always explicit, never inferred from the order of folders or files.
 */
public record ClassInfo(int id, String name) {

    public ClassInfo {
        Require.nonNegative(id, "class id");
        Require.nonBlank(name, "class name");
    }
}
