package dev.defuse.common.ml;

/** The PyTorch engine could not be started; the message says what to install. */
public final class TorchUnavailableException extends RuntimeException {

    public TorchUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
