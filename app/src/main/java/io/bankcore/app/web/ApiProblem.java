package io.bankcore.app.web;

import java.util.List;

/** A request refused by the HTTP adapter itself, before or after the use case ran. */
public class ApiProblem extends RuntimeException {

    /** One failed field of a request body or query string. */
    public record FieldError(String field, String message) {}

    private final ProblemCode code;
    private final List<FieldError> errors;

    public ApiProblem(ProblemCode code, String detail) {
        this(code, detail, List.of());
    }

    public ApiProblem(ProblemCode code, String detail, List<FieldError> errors) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
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
