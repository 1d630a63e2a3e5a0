package dev.defuse.cli.annotators;

import java.time.Duration;
import java.util.Locale;

/** Parses short durations as users type them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 0}. */
public final class Durations {

  private Durations() {
  }

  public static Duration parse(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.equals("0")) {
        return Duration.ZERO;
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long value = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(value);
        case 'm' -> Duration.ofMinutes(value);
        case 'h' -> Duration.ofHours(value);
        default -> throw new NumberFormatException();
      };
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException(option + " must be a duration such as 500ms, 30s, 5m or 0, got '" + text
          + "'");
    }
  }
}
