package dev.defuse.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The instructions of a Dockerfile that this check reads: ENV (names and values), EXPOSE, USER, HEALTHCHECK, FROM. */
final class Dockerfile {

    final Path file;
    final Map<String, String> env = new LinkedHashMap<>();
    final List<String> expose = new ArrayList<>();
    final List<String> users = new ArrayList<>();
    final List<String> healthchecks = new ArrayList<>();
    final List<String> from = new ArrayList<>();
    /** ARG defaults: ENV values are shown with ${ARG} replaced by them. */
    final Map<String, String> args = new LinkedHashMap<>();

    private Dockerfile(Path file) {
        this.file = file;
    }

    static Dockerfile read(Path file) {
        Dockerfile d = new Dockerfile(file);
        for (String instruction : instructions(Repository.read(file))) {
            String[] parts = instruction.split("\\s+", 2);
            String args = parts.length > 1 ? parts[1] : "";
            switch (parts[0].toUpperCase()) {
                case "ARG" -> {
                    String[] arg = args.trim().split("=", 2);
                    if (arg.length == 2) {
                        d.args.put(arg[0], arg[1]);
                    }
                }
                case "ENV" -> envPairs(args).forEach((name, value) -> d.env.put(name, d.substitute(value)));
                case "EXPOSE" -> d.expose.addAll(List.of(args.trim().split("\\s+")));
                case "USER" -> d.users.add(args.trim());
                case "HEALTHCHECK" -> d.healthchecks.add(args.trim());
                case "FROM" -> d.from.add(args.trim());
                default -> {
                }
            }
        }
        return d;
    }

    private String substitute(String value) {
        String out = value;
        for (Map.Entry<String, String> arg : args.entrySet()) {
            out = out.replace("${" + arg.getKey() + "}", arg.getValue());
        }
        return out;
    }

    /** Instructions with comments dropped and line continuations joined. */
    static List<String> instructions(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                if (current.length() > 0) {
                    out.add(current.toString());
                }
                current.setLength(0);
            }
        }
        return out;
    }

    /** {@code ENV A=1 B="x y"} (or the legacy {@code ENV A value}) as name -> value. */
    static Map<String, String> envPairs(String args) {
        Map<String, String> pairs = new LinkedHashMap<>();
        List<String> words = shellWords(args);
        if (words.size() >= 1 && !words.get(0).contains("=")) {
            pairs.put(words.get(0), String.join(" ", words.subList(1, words.size())));
            return pairs;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("not NAME=value in ENV " + args);
            }
            pairs.put(word.substring(0, eq), word.substring(eq + 1));
        }
        return pairs;
    }

    private static List<String> shellWords(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        char quote = 0;
        boolean inWord = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    word.append(s.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
