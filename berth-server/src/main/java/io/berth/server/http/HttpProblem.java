package io.berth.server.http;

/** Thrown by handlers to answer with a specific problem. */
public class HttpProblem extends RuntimeException {
    private final transient Problem problem;

    public HttpProblem(Problem problem) {
        super(problem.detail());
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static HttpProblem badRequest(String field, String detail) {
        return new HttpProblem(Problem.of(400, "invalid-input", "Invalid input", detail).withField(field));
    }

    public static HttpProblem unauthorized(String detail) {
        return new HttpProblem(Problem.of(401, "unauthorized", "Authentication required", detail));
    }

    public static HttpProblem forbidden(String detail) {
        return new HttpProblem(Problem.of(403, "forbidden", "Forbidden", detail));
    }
}
