package dev.defuse.identify.domain;

import dev.defuse.common.data.DatasetFormatException;
import dev.defuse.common.ml.TorchUnavailableException;
import dev.defuse.common.ml.model.ModelLoadException;
import dev.defuse.common.ml.model.ModelNotFoundException;
import dev.defuse.common.store.ChecksumMismatchException;
import dev.defuse.common.store.ObjectNotFoundException;
import dev.defuse.common.store.TensorFormatException;

/** Tells failures that retrying cannot fix (bad job, missing or damaged input) from transient ones. */
public final class ShardFailures {

    private ShardFailures() {
    }

    /** Whether retrying {@code failure} cannot help. */
    public static boolean permanent(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IllegalArgumentException || t instanceof UnknownJobException
                    || t instanceof ModelNotFoundException || t instanceof ModelLoadException
                    || t instanceof DatasetFormatException || t instanceof ObjectNotFoundException
                    || t instanceof ChecksumMismatchException || t instanceof TensorFormatException
                    || t instanceof TorchUnavailableException || t instanceof ClassCastException) {
                return true;
            }
        }
        return false;
    }

    /** One line for logs and the failure document: type and message of the failure and its root cause. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return root == failure ? text : text + " (cause: " + root.getClass().getSimpleName() + ": "
                + root.getMessage() + ")";
    }
}
