package io.bankcore.app.web;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A request refused by the HTTP adapter itself, before or after the use case ran. */
public class ApiProblem extends RuntimeException {

    /** One failed field of a request body or query string. */
    public record FieldError(String field, String message) {}

    private final ProblemCode code;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ApiProblem(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiProblem(ProblemCode code, String detail, List<FieldError> errors) {
        this(code, detail, errors, Map.of());
    }

    /**
     * With extra members for the problem body, such as the {@code correlation_id} of a failed transfer.
     * They are kept in the order of their names: an immutable {@code Map.of}/{@code Map.copyOf} iterates
     * in an order that differs from one JVM to the next, and the same refusal rendered on two instances
     * (a keyed request's answer and its replay) must be the same bytes.
     */
    public ApiProblem(ProblemCode code, String detail, List<FieldError> errors, Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.extensions = Collections.unmodifiableSortedMap(new TreeMap<>(extensions));
    }

    public Map<String, Object> extensions() {
        return extensions;
    }

    /** A 422 listing every invalid field; the detail names them all. */
    public static ApiProblem invalid(List<FieldError> errors) {
        var detail = new StringBuilder();
        for (FieldError e : errors) {
            if (!detail.isEmpty()) {
                detail.append("; ");
            }
            detail.append(e.field()).append(": ").append(e.message());
        }
        return new ApiProblem(ProblemCode.INVALID_REQUEST, detail.toString(), errors);
    }

    public ProblemCode code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
