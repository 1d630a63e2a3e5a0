package dev.defuse.deploy;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Environment variable names of configuration keys, as the MicroProfile Config environment source looks them up:
 * every character other than a letter or digit becomes {@code _}, then upper case
 * ({@code defuse.object-store.endpoint} is {@code DEFUSE_OBJECT_STORE_ENDPOINT}).
 */
final class EnvNames {

    private EnvNames() {
    }

    /** The environment variable name of a fixed key. */
    static String of(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** A pattern matching the environment variable names of a key pattern ({@code *} map key, {@code [*]} index). */
    static Pattern pattern(String keyPattern) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < keyPattern.length(); i++) {
            if (keyPattern.startsWith("[*]", i)) {
                regex.append(Pattern.quote(of(literal.toString()))).append("_[0-9]+_");
                literal.setLength(0);
                i += 2;
            } else if (keyPattern.charAt(i) == '*') {
                regex.append(Pattern.quote(of(literal.toString()))).append("[A-Z0-9_]+");
                literal.setLength(0);
            } else {
                literal.append(keyPattern.charAt(i));
            }
        }
        regex.append(Pattern.quote(of(literal.toString())));
        return Pattern.compile(regex.toString());
    }

    /** Whether {@code env} is the environment variable of a key matching {@code keyPattern}. */
    static boolean matches(String env, String keyPattern) {
        return env.equals(keyPattern) || pattern(keyPattern).matcher(env).matches();
    }
}
