package io.bankcore.app.web;

import io.bankcore.app.web.ApiProblem.FieldError;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The query parameters and the {@code Link} header shared by the paged routes (the ledger, the audit
 * trail, the lists of accounts and transfers), and the one timestamp format every answer uses.
 */
final class Paging {

    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    private Paging() {}

    /** {@code limit}: 1 to 1000 ASCII digits' worth, 100 when absent; anything else is a 422. */
    static int pageSize(String limit) {
        if (limit == null) {
            return DEFAULT_PAGE_SIZE;
        }
        String digits = limit.strip();
        if (isAsciiDigits(digits, 4)) {
            int value = Integer.parseInt(digits);
            if (value >= 1 && value <= MAX_PAGE_SIZE) {
                return value;
            }
        }
        throw ApiProblem.invalid(List.of(new FieldError("limit", "must be an integer between 1 and " + MAX_PAGE_SIZE)));
    }

    /** {@code cursor}: a sequence number taken from a {@code Link} header; null when absent. */
    static Long cursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        String digits = cursor.strip();
        if (isAsciiDigits(digits, 18)) {
            return Long.parseLong(digits);
        }
        throw ApiProblem.invalid(
                List.of(new FieldError("cursor", "must be a cursor taken from a previous page's Link header")));
    }

    /** Adds {@code Link: <path?limit=L&cursor=C>; rel="next"} when there is a next page. */
    static ResponseEntity.BodyBuilder withNext(String pathTemplate, String accountNumber, int pageSize, Long next) {
        var response = ResponseEntity.ok();
        if (next != null) {
            var url = UriComponentsBuilder.fromPath(pathTemplate)
                    .queryParam("limit", pageSize)
                    .queryParam("cursor", next)
                    .buildAndExpand(accountNumber)
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + url + ">; rel=\"next\"");
        }
        return response;
    }

    /**
     * Adds {@code Link: <path?F1=V1&...&limit=L&cursor=C>; rel="next"} when there is a next page: the
     * filters of this page go into the next page's URL, so following the links walks one filtered list.
     */
    static ResponseEntity.BodyBuilder withNext(String path, Map<String, String> filters, int pageSize, String next) {
        var response = ResponseEntity.ok();
        if (next != null) {
            var url = UriComponentsBuilder.fromPath(path);
            filters.forEach((name, value) -> {
                if (value != null) {
                    url.queryParam(name, value);
                }
            });
            url.queryParam("limit", pageSize).queryParam("cursor", next);
            response.header(HttpHeaders.LINK, "<" + url.encode().build().toUriString() + ">; rel=\"next\"");
        }
        return response;
    }

    /** {@code cursor} of a list in account-number order: the last account number of the page before. */
    static String accountCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        String digits = cursor.strip();
        if (isAsciiDigits(digits, 12)) {
            return digits;
        }
        throw ApiProblem.invalid(
                List.of(new FieldError("cursor", "must be a cursor taken from a previous page's Link header")));
    }

    /** ISO-8601 in UTC with a {@code Z}, to the microsecond (what the databases keep). */
    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }

    /** 1 to {@code maxDigits} ASCII digits (Java's own parsers also take other scripts' digits). */
    private static boolean isAsciiDigits(String s, int maxDigits) {
        return !s.isEmpty() && s.length() <= maxDigits && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
