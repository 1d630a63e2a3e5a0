package dev.defuse.cli.dpgmm;

import dev.defuse.dpgmm.io.CsvFormatException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

/**
 * Runs a command body and turns problems with the user's input (missing or unreadable file, malformed CSV, invalid
 * settings, data the model cannot fit) into one line on stderr and exit code {@value #EXIT_BAD_INPUT}.
 */
public final class InputErrors {

  /** Exit code for input the user has to fix (picocli uses the same code for usage errors). */
  public static final int EXIT_BAD_INPUT = 2;

  private InputErrors() {}

  public static int run(PrintStream err, Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (NoSuchFileException e) {
      return fail(err, "file not found: " + e.getFile());
    } catch (AccessDeniedException e) {
      return fail(err, "cannot read " + e.getFile() + ": permission denied");
    } catch (CsvFormatException | IllegalArgumentException | IllegalStateException e) {
      return fail(err, e.getMessage());
    } catch (IOException e) {
      return fail(err, "cannot read input: " + e.getMessage());
    }
  }

  private static int fail(PrintStream err, String message) {
    err.println("error: " + message);
    return EXIT_BAD_INPUT;
  }
}
