/**
 * Variational Dirichlet-process Gaussian mixture (truncated stick-breaking, full covariances), a faithful port of
 * scikit-learn 1.2.1 {@code BayesianGaussianMixture(weight_concentration_prior_type='dirichlet_process',
 * covariance_type='full')}.
 *
 * <p>Entry point: {@link dev.defuse.dpgmm.DpgmmFitter#fit(double[][])} with {@link dev.defuse.dpgmm.DpgmmParams};
 * the result is a {@link dev.defuse.dpgmm.DpgmmFit}. Row-parallel work is split into fixed blocks of rows whose
 * partial sums are reduced in block order, so a fit is bit-identical for any thread count.
 */
package dev.defuse.dpgmm;
