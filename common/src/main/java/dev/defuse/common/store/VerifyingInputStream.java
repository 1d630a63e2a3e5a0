package dev.defuse.common.store;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes an object's bytes through while hashing them; when the end of the stream is reached it compares the
 * SHA-256 with the one recorded at write time and throws {@link ChecksumMismatchException} (unchecked, from
 * {@code read}) if they differ. A reader that stops before the end gets no verdict, so readers of whole objects
 * read to the end.
 */
final class VerifyingInputStream extends FilterInputStream {

    private final String key;
    private final String expectedSha256;
    private final MessageDigest digest = Sha256.newDigest();
    private boolean verified;

    VerifyingInputStream(InputStream in, String key, String expectedSha256) {
        super(in);
        this.key = key;
        this.expectedSha256 = expectedSha256;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            verify();
        } else {
            digest.update((byte) b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            verify();
        } else {
            digest.update(b, off, n);
        }
        return n;
    }

    /** Skipping would leave bytes unhashed: read them instead. */
    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would hash bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported while verifying a checksum");
    }

    /** Reads the rest of the stream (verifying it). */
    void drain() throws IOException {
        byte[] buffer = new byte[64 * 1024];
        while (read(buffer, 0, buffer.length) >= 0) {
            // hashing happens in read
        }
    }

    private void verify() {
        if (verified) {
            return;
        }
        verified = true;
        String actual = Sha256.hex(digest);
        if (!actual.equals(expectedSha256)) {
            throw new ChecksumMismatchException(key, expectedSha256, actual);
        }
    }
}
