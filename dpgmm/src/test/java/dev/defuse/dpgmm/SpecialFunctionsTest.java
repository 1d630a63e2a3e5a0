package dev.defuse.dpgmm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpecialFunctionsTest {

  private static final double EULER_GAMMA = 0.57721566490153286060651209008240243;

  @Test
  void digammaMatchesClosedFormsAtIntegers() {
    // ψ(n) = H(n-1) - γ
    double harmonic = 0.0;
    for (int n = 1; n <= 300; n++) {
      assertThat(SpecialFunctions.digamma(n)).as("ψ(%d)", n)
          .isCloseTo(harmonic - EULER_GAMMA, within(4e-15 * Math.max(1, Math.abs(harmonic))));
      harmonic += 1.0 / n;
    }
  }

  @Test
  void digammaMatchesClosedFormsAtHalfIntegers() {
    // ψ(n + 1/2) = -γ - 2 ln 2 + Σ_{k=1..n} 2/(2k - 1)
    double sum = 0.0;
    for (int n = 0; n <= 300; n++) {
      double expected = -EULER_GAMMA - 2 * Math.log(2) + sum;
      assertThat(SpecialFunctions.digamma(n + 0.5)).as("ψ(%d.5)", n)
          .isCloseTo(expected, within(4e-15 * Math.max(1, Math.abs(expected))));
      sum += 2.0 / (2 * n + 1);
    }
  }

  @Test
  void digammaKnownValues() {
    // ψ(0.01) = ψ(1.01) - 100, ψ(1 + x) = -γ + Σ_{k≥2} (-1)^k ζ(k) x^(k-1)
    assertThat(SpecialFunctions.digamma(0.01)).isCloseTo(-100.56088545786868, within(1e-12));
    // ψ(x) ≈ ln x - 1/(2x) - 1/(12x²) for large x
    assertThat(SpecialFunctions.digamma(1e6)).isCloseTo(13.81551005796419, within(1e-14));
    // the positive root x0 = 1.4616321449683623...
    assertThat(SpecialFunctions.digamma(1.4616321449683623)).isCloseTo(0.0, within(1e-15));
    // reflection: ψ(-0.5) = ψ(1.5) + π / tan(-π/2)... = 2 - γ - 2 ln 2
    assertThat(SpecialFunctions.digamma(-0.5)).isCloseTo(2 - EULER_GAMMA - 2 * Math.log(2), within(1e-14));
    assertThat(SpecialFunctions.digamma(0.0)).isNaN();
    assertThat(SpecialFunctions.digamma(-3.0)).isNaN();
  }

  /**
   * Below 10 the argument is shifted up by recurrence, which costs up to a few ulps of the shifted value: the error
   * is within 4e-15 absolute there and 4e-15 relative above.
   */
  @Test
  void logGammaMatchesFactorialsAndKnownValues() {
    double logFactorial = 0.0;
    for (int n = 1; n <= 300; n++) {
      assertThat(SpecialFunctions.logGamma(n)).as("lnΓ(%d)", n)
          .isCloseTo(logFactorial, within(4e-15 * Math.max(1, logFactorial)));
      logFactorial += Math.log(n);
    }
    // Python's math.lgamma
    assertThat(SpecialFunctions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(4e-15));
    assertThat(SpecialFunctions.logGamma(0.01)).isCloseTo(4.599479878042022, within(1e-14));
    assertThat(SpecialFunctions.logGamma(2.5)).isCloseTo(0.2846828704729196, within(4e-15));
    assertThat(SpecialFunctions.logGamma(100)).isCloseTo(359.1342053695754, within(1e-12));
    assertThat(SpecialFunctions.logGamma(1e5)).isCloseTo(1051287.7089736566, within(1e-8));
    assertThat(SpecialFunctions.logGamma(-0.5)).isCloseTo(Math.log(2 * Math.sqrt(Math.PI)), within(1e-14));
    assertThat(SpecialFunctions.logGamma(0.0)).isInfinite();
  }

  @Test
  void logBetaKnownValues() {
    assertThat(SpecialFunctions.logBeta(1, 1)).isCloseTo(0.0, within(8e-15));
    assertThat(SpecialFunctions.logBeta(2, 3)).isCloseTo(Math.log(1.0 / 12), within(1.2e-14));
    assertThat(SpecialFunctions.logBeta(0.5, 0.5)).isCloseTo(Math.log(Math.PI), within(1e-14));
    // B(1, b) = 1/b
    assertThat(SpecialFunctions.logBeta(1, 0.01)).isCloseTo(Math.log(100), within(1e-13));
  }

  @Test
  void logSumExpIsStable() {
    assertThat(SpecialFunctions.logSumExp(new double[] {0, 0}, 0, 2)).isCloseTo(Math.log(2), within(1e-16));
    assertThat(SpecialFunctions.logSumExp(new double[] {1000, 1000}, 0, 2)).isCloseTo(1000 + Math.log(2), within(1e-12));
    assertThat(SpecialFunctions.logSumExp(new double[] {-1000, -1000}, 0, 2))
        .isCloseTo(-1000 + Math.log(2), within(1e-12));
    assertThat(SpecialFunctions.logSumExp(new double[] {Double.NEGATIVE_INFINITY, 0.0}, 0, 2)).isEqualTo(0.0);
    assertThat(SpecialFunctions.logSumExp(new double[] {Double.NEGATIVE_INFINITY}, 0, 1))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    // ranges
    assertThat(SpecialFunctions.logSumExp(new double[] {99, Math.log(3), Math.log(5), 99}, 1, 3))
        .isCloseTo(Math.log(8), within(1e-15));
  }
}
