package dev.defuse.deploy;

/**
 * One configuration key a service reads.
 *
 * @param pattern  the key; {@code *} stands for a map key, {@code [*]} for a list index
 * @param required whether the service fails to start without it (no default, not optional)
 * @param origin   where it is declared, for messages (e.g. {@code LabelingConfig#adminToken()})
 */
record ConfigProperty(String pattern, boolean required, String origin) {

    /** Whether the key is one fixed name (no map key or list index in it). */
    boolean fixed() {
        return fixedKey(pattern);
    }

    static boolean fixedKey(String pattern) {
        return !pattern.contains("*");
    }
}
