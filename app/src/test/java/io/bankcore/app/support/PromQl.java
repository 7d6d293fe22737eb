package io.bankcore.app.support;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, found without evaluating it: every series name the scrape
 * must hold for the expression to show anything. A name is taken as written ({@code foo_bucket} must be
 * exported as {@code foo_bucket}); what is not a name is set aside first: strings, label matchers,
 * ranges and subqueries, the label lists of {@code by}, {@code without}, {@code on}, {@code ignoring},
 * {@code group_left} and {@code group_right}, comments, Grafana's {@code $variables}, numbers and
 * durations, keywords, and functions (a name followed by {@code (}). Also the label names it groups or
 * matches by.
 */
public final class PromQl {

    private PromQl() {}

    private static final Set<String> KEYWORDS = Set.of(
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "and",
            "or",
            "unless",
            "offset",
            "atan2",
            "inf",
            "nan");
    private static final Pattern NAME_MATCHER = Pattern.compile("__name__\\s*=\\s*\"([a-zA-Z_:][\\w:]*)\"");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern COMMENTS = Pattern.compile("#[^\\n]*");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    /** The label list of a grouping or matching modifier; group 1 is the labels. */
    private static final Pattern LABEL_LISTS =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

    private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_]\\w*)\\s*(?:=~|!~|!=|=)");
    /** Not preceded by a word character, {@code $}, {@code .} or {@code :} (so no part of a number, duration or variable). */
    private static final Pattern NAME = Pattern.compile("(?<![\\w$.:])[a-zA-Z_:][\\w:]*+(?!\\s*\\()");

    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*\\w+\\s*\\)\\s*$");
    private static final Pattern QUERY_RESULT = Pattern.compile("^\\s*query_result\\s*\\((.*)\\)\\s*$");

    /** The metric names an expression reads, sorted. */
    public static Set<String> metricNames(String expression) {
        var names = new TreeSet<String>();
        Matcher byName = NAME_MATCHER.matcher(expression);
        while (byName.find()) {
            names.add(byName.group(1));
        }
        String rest = STRINGS.matcher(expression).replaceAll(" ");
        rest = COMMENTS.matcher(rest).replaceAll(" ");
        rest = MATCHERS.matcher(rest).replaceAll(" ");
        rest = RANGES.matcher(rest).replaceAll(" ");
        rest = LABEL_LISTS.matcher(rest).replaceAll(" ");
        Matcher name = NAME.matcher(rest);
        while (name.find()) {
            if (!KEYWORDS.contains(name.group().toLowerCase(Locale.ROOT))) {
                names.add(name.group());
            }
        }
        return names;
    }

    /**
     * The label names an expression groups, matches or selects by: those in the lists of {@code by},
     * {@code without}, {@code on}, {@code ignoring}, {@code group_left} and {@code group_right}, and those
     * its label matchers name ({@code __name__} aside).
     */
    public static Set<String> labelNames(String expression) {
        var names = new TreeSet<String>();
        String rest = STRINGS.matcher(expression).replaceAll("\"\"");
        rest = COMMENTS.matcher(rest).replaceAll(" ");
        Matcher list = LABEL_LISTS.matcher(rest);
        while (list.find()) {
            for (String label : list.group(1).split(",")) {
                if (!label.isBlank()) {
                    names.add(label.strip());
                }
            }
        }
        Matcher matchers = MATCHERS.matcher(rest);
        while (matchers.find()) {
            Matcher label = MATCHER_LABEL.matcher(matchers.group());
            while (label.find()) {
                names.add(label.group(1));
            }
        }
        names.remove("__name__");
        return names;
    }

    /**
     * The metric names a Grafana template variable's Prometheus query reads: {@code label_values(selector,
     * label)} reads its selector, {@code query_result(expr)} its expression; {@code label_values(label)},
     * {@code label_names()} and {@code metrics(regex)} read no particular metric.
     */
    public static Set<String> variableMetricNames(String query) {
        Matcher values = LABEL_VALUES.matcher(query);
        if (values.matches()) {
            return metricNames(values.group(1));
        }
        Matcher result = QUERY_RESULT.matcher(query);
        if (result.matches()) {
            return metricNames(result.group(1));
        }
        return Set.of();
    }
}
