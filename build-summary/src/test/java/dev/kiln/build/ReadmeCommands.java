package dev.kiln.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell commands of README.md, in order, each with the output the README shows for it: every
 * {@code $ COMMAND} line of a shell block (with its {@code \} continuation lines), the lines up to the
 * next {@code $} line being its output; in a block without {@code $} lines, each line that starts with
 * {@code ./} or {@code scripts/} is a command, with {@code &&} splitting it. Blocks marked as Java,
 * XML, Groovy or another language hold no commands.
 */
final class ReadmeCommands {
    private static final Pattern FENCE = Pattern.compile("^```\\s*(\\S*)\\s*$");
    private static final List<String> SHELL = List.of("", "sh", "bash", "shell", "console", "text");

    private ReadmeCommands() {
    }

    /**
     * One command.
     *
     * @param line  the README line it starts on, 1-based
     * @param text  the command as a shell runs it (continuations joined)
     * @param shown the output lines the README shows after it (possibly none)
     */
    record Command(int line, String text, List<String> shown) {
        /** The words of a {@code ./kiln} command, or an empty list for any other command. */
        List<String> kilnWords() {
            if (!text.startsWith("./kiln ") || text.contains("|") || text.contains(";")) {
                return List.of();
            }
            List<String> words = new ArrayList<>();
            Matcher m = Pattern.compile("'([^']*)'|\"([^\"]*)\"|(\\S+)").matcher(text.substring("./kiln ".length()));
            while (m.find()) {
                words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
            }
            return words;
        }

        /** The verb of a {@code ./kiln} command ({@code train}, {@code summary}, ...), or "". */
        String verb() {
            List<String> w = kilnWords();
            return w.isEmpty() ? "" : w.get(0);
        }

        @Override
        public String toString() {
            return "README.md:" + line + ": " + text;
        }
    }

    static List<Command> parse(String readme) {
        List<String> lines = readme.lines().toList();
        List<Command> commands = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (SHELL.contains(open.group(1).toLowerCase(Locale.ROOT))) {
                block(lines, i + 1, end, commands);
            }
            i = end;
        }
        return commands;
    }

    /** The commands of the block of lines [from, to). */
    private static void block(List<String> lines, int from, int to, List<Command> commands) {
        boolean prompted = lines.subList(from, to).stream().anyMatch(l -> l.startsWith("$ "));
        for (int i = from; i < to; i++) {
            String line = lines.get(i);
            if (prompted && line.startsWith("$ ")) {
                int start = i;
                StringBuilder text = new StringBuilder(line.substring(2).strip());
                while (text.toString().endsWith("\\") && i + 1 < to) {
                    text.setLength(text.length() - 1);
                    text.append(' ').append(lines.get(++i).strip());
                }
                List<String> shown = new ArrayList<>();
                while (i + 1 < to && !lines.get(i + 1).startsWith("$ ")) {
                    shown.add(lines.get(++i));
                }
                commands.add(new Command(start + 1, text.toString().replaceAll("\\s+", " "), shown));
            } else if (!prompted && (line.startsWith("./") || line.startsWith("scripts/"))) {
                for (String part : line.split("&&")) {
                    commands.add(new Command(i + 1, part.strip(), List.of()));
                }
            }
        }
    }
}
