package io.bankcore.app;

import static io.bankcore.app.support.PromQl.metricNames;
import static io.bankcore.app.support.PromQl.variableMetricNames;
import static org.assertj.core.api.Assertions.assertThat;

import io.bankcore.app.support.PromQl;
import org.junit.jupiter.api.Test;

/** The metric names {@code DashboardMetricsH2Test} finds in the dashboard's queries. */
class PromQlTest {

    @Test
    void functions_label_lists_matchers_and_ranges_are_not_metric_names() {
        assertThat(metricNames("histogram_quantile(0.99, sum by (le, method, uri) (rate("
                        + "http_server_requests_seconds_bucket{instance=~\"$instance\", uri=~\"/a|{b}\"}"
                        + "[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(metricNames("sum without(pool) (rate(a_sum[5m])) / on (instance) group_left(pool)"
                        + " sum by(instance, pool) (rate(a_count[1h:5m] offset 10m))"))
                .containsExactly("a_count", "a_sum");
    }

    @Test
    void suffixes_are_kept_as_written() {
        assertThat(metricNames("rate(x_bucket[5m]) + x_count + x_sum + x_max + x"))
                .containsExactly("x", "x_bucket", "x_count", "x_max", "x_sum");
    }

    @Test
    void numbers_durations_keywords_strings_comments_and_variables_are_not_metric_names() {
        assertThat(metricNames("up > bool 1e3 and on() vector(0x1f) or absent(nope_total) unless inf offset 5m"
                        + " # not_a_metric here\n + NaN"))
                .containsExactly("nope_total", "up");
        assertThat(metricNames("label_replace(x_total, \"dst\", \"$1 not_this\", \"src\", \"(.*)\") * $factor"
                        + " * ${other}"))
                .containsExactly("x_total");
        assertThat(metricNames("topk(5, foo:rate5m) or {__name__=\"by_name_total\", job=\"a\"}"))
                .containsExactly("by_name_total", "foo:rate5m");
    }

    @Test
    void template_variable_queries_read_their_selector_only() {
        assertThat(variableMetricNames("label_values(jvm_info{job=\"bankcore\"}, instance)"))
                .containsExactly("jvm_info");
        assertThat(variableMetricNames("label_values(instance)")).isEmpty();
        assertThat(variableMetricNames("query_result(sum by (uri) (rate(h_count[5m])))"))
                .containsExactly("h_count");
    }

    @Test
    void label_names_come_from_grouping_and_matching_lists_and_matchers() {
        assertThat(PromQl.labelNames("sum by (le, method, uri) (rate(x_bucket{instance=~\"$i\", status!=\"a=b\"}[5m]))"
                        + " / on(instance) group_left(pool) y{__name__=\"y\"} # by (not_this)"))
                .containsExactly("instance", "le", "method", "pool", "status", "uri");
        assertThat(PromQl.labelNames("sum(rate(x_total[5m]))")).isEmpty();
    }
}
