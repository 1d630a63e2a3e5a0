package dev.defuse.dpgmm.io;

/** A CSV file that cannot be read as a numeric table; the message names the file and line. */
public final class CsvFormatException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public CsvFormatException(String message) {
    super(message);
  }
}
