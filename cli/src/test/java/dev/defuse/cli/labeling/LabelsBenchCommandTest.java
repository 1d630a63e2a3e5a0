package dev.defuse.cli.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LabelsBenchCommandTest {

  @Test
  void aRateThatIsNotPositiveAndFiniteIsRefusedBeforeAnythingStarts() {
    for (String bad : new String[] {"0", "-100", "NaN", "Infinity"}) {
      StringWriter err = new StringWriter();
      CommandLine cli = new CommandLine(new LabelsBenchCommand());
      cli.setErr(new PrintWriter(err, true));
      int code = cli.execute("--rate", bad);
      assertThat(code).as("--rate " + bad).isEqualTo(2);
      assertThat(err.toString()).contains("--rate must be a positive, finite number of votes per second");
    }
  }

  @Test
  void aRateThatIsNotANumberIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new LabelsBenchCommand());
    cli.setErr(new PrintWriter(err, true));
    assertThat(cli.execute("--rate", "fast")).isEqualTo(2);
    assertThat(err.toString()).contains("--rate");
  }

  @Test
  void theHelpDescribesTheOpenLoop() {
    String usage = new CommandLine(new LabelsBenchCommand()).getUsageMessage();
    assertThat(usage).contains("--rate=VOTES_PER_S").contains("coordinated omission");
  }
}
