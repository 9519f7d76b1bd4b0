package io.berth.server.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of a Markdown file, in order, with their info string ("sh", "json", "sh expect-http-error"). */
record DocBlocks(List<Block> blocks) {

    record Block(int index, int line, String info, String text) {
        String language() {
            return info.isBlank() ? "" : info.strip().split("\\s+")[0];
        }

        boolean has(String flag) {
            return List.of(info.strip().split("\\s+")).contains(flag);
        }
    }

    static DocBlocks of(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        String info = null;
        int startLine = 0;
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                if (info == null) {
                    info = line.substring(3);
                    startLine = i + 1;
                    text.setLength(0);
                } else {
                    blocks.add(new Block(blocks.size(), startLine, info, text.toString()));
                    info = null;
                }
            } else if (info != null) {
                text.append(line).append('\n');
            }
        }
        if (info != null) throw new AssertionError(markdown + ": the block opened on line " + startLine + " is never closed");
        return new DocBlocks(List.copyOf(blocks));
    }

    List<Block> of(String language) {
        return blocks.stream().filter(b -> b.language().equals(language)).toList();
    }

    /** The nearest {@code sh} block before this one: the command whose output it shows. */
    Block commandBefore(Block shown) {
        for (int i = shown.index() - 1; i >= 0; i--) {
            if (blocks.get(i).language().equals("sh")) return blocks.get(i);
        }
        throw new AssertionError("the " + shown.language() + " block on line " + shown.line() + " follows no sh block");
    }
}
