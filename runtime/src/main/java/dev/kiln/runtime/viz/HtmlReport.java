package dev.kiln.runtime.viz;

import dev.kiln.runtime.io.OutputFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A self-contained {@code report.html}: headline results, pictures embedded as base64 PNG data URIs,
 * the model summary, the history table and the machine and backend used. It references nothing
 * outside itself (no scripts, fonts or stylesheets to fetch), so it opens offline and can be mailed.
 *
 * <pre>{@code
 * HtmlReport.titled("LeNet5 on fashion-mnist")
 *     .result("test accuracy", "0.8812")
 *     .picture("Training curves", TrainingCurves.render(...))
 *     .summary(model.summary())
 *     .table("History", List.of("epoch", "loss"), rows)
 *     .facts("Machine", MachineInfo.describe())
 *     .write(out.resolve("report.html"));
 * }</pre>
 */
public final class HtmlReport {
    private final String title;
    private final Map<String, String> results = new LinkedHashMap<>();
    private final List<String> sections = new ArrayList<>();

    private HtmlReport(String title) {
        this.title = title;
    }

    public static HtmlReport titled(String title) {
        return new HtmlReport(title);
    }

    /** A headline figure shown in the box at the top, e.g. {@code test accuracy -> 0.8812}. */
    public HtmlReport result(String label, String value) {
        results.put(label, value);
        return this;
    }

    /** A picture, embedded as a PNG data URI, under a heading. */
    public HtmlReport picture(String heading, BufferedImage image) {
        sections.add("<section><h2>" + escape(heading) + "</h2><img alt=\"" + escape(heading) + "\" width=\""
                + image.getWidth() + "\" src=\"" + Pngs.dataUri(image) + "\"></section>");
        return this;
    }

    /** Preformatted text (the model summary, a learned kernel) under a heading. */
    public HtmlReport text(String heading, String text) {
        sections.add("<section><h2>" + escape(heading) + "</h2><pre>" + escape(text) + "</pre></section>");
        return this;
    }

    /** The model summary table. */
    public HtmlReport summary(String summary) {
        return text("Model", summary);
    }

    /** A table with a header row; every row must have as many cells as there are columns. */
    public HtmlReport table(String heading, List<String> columns, List<List<String>> rows) {
        StringBuilder s = new StringBuilder("<section><h2>").append(escape(heading)).append("</h2><table><thead><tr>");
        for (String c : columns) {
            s.append("<th>").append(escape(c)).append("</th>");
        }
        s.append("</tr></thead><tbody>");
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() != columns.size()) {
                throw new IllegalArgumentException("row " + r + " of table '" + heading + "' has " + row.size()
                        + " cells but there are " + columns.size() + " columns");
            }
            s.append("<tr>");
            for (String cell : row) {
                s.append("<td>").append(escape(cell)).append("</td>");
            }
            s.append("</tr>");
        }
        sections.add(s.append("</tbody></table></section>").toString());
        return this;
    }

    /** Label/value pairs as a two-column list, e.g. the machine and the backend. */
    public HtmlReport facts(String heading, Map<String, String> facts) {
        StringBuilder s = new StringBuilder("<section><h2>").append(escape(heading)).append("</h2><dl>");
        facts.forEach((k, v) -> s.append("<dt>").append(escape(k)).append("</dt><dd>").append(escape(v)).append("</dd>"));
        sections.add(s.append("</dl></section>").toString());
        return this;
    }

    public String html() {
        StringBuilder s = new StringBuilder();
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>").append(escape(title)).append("</title><style>").append(STYLE).append("</style></head>\n<body>")
                .append("<h1>").append(escape(title)).append("</h1>\n");
        if (!results.isEmpty()) {
            s.append("<div class=\"results\">");
            results.forEach((k, v) -> s.append("<div><span>").append(escape(k)).append("</span><b>").append(escape(v))
                    .append("</b></div>"));
            s.append("</div>\n");
        }
        for (String section : sections) {
            s.append(section).append('\n');
        }
        return s.append("<footer>Written by Kiln.</footer></body></html>\n").toString();
    }

    /** Writes the page to {@code file} as {@link OutputFiles} writes (regular files only, atomically). */
    public void write(Path file) throws IOException {
        OutputFiles.writeString(file, html());
    }

    /** HTML text escaping for element content and double-quoted attributes. */
    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static final String STYLE = String.join("",
            "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#222;background:#fafafa;",
            "max-width:1160px;margin:24px auto;padding:0 16px;line-height:1.4}",
            "h1{font-size:26px;margin:0 0 16px}h2{font-size:19px;margin:0 0 10px;color:#333}",
            "section{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:16px;margin:0 0 18px;overflow-x:auto}",
            ".results{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 18px}",
            ".results div{background:#1f4e79;color:#fff;border-radius:8px;padding:10px 16px;min-width:140px}",
            ".results span{display:block;font-size:13px;opacity:.85}.results b{font-size:24px}",
            "img{max-width:100%;height:auto;display:block}",
            "pre{font:13px/1.35 'DejaVu Sans Mono',monospace;margin:0;white-space:pre}",
            "table{border-collapse:collapse;font-size:14px}th,td{padding:4px 12px;border-bottom:1px solid #eee;text-align:right}",
            "th{background:#f0f4f8}td:first-child,th:first-child{text-align:left}",
            "dl{display:grid;grid-template-columns:max-content auto;gap:4px 16px;margin:0}dt{color:#666}dd{margin:0}",
            "footer{color:#888;font-size:12px;margin:24px 0}");
}
