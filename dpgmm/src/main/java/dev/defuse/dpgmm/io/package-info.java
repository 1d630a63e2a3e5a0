/** Reading numeric CSV tables (latent codes, labels) for fitting, with errors that name the file and line. */
package dev.defuse.dpgmm.io;
