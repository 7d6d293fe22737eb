package io.bankcore.app.config;

import java.io.IOException;
import java.io.Writer;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's own error report (for requests it refuses before any servlet runs: an undecodable path, a
 * missing Host header, ...) as a JSON problem rather than an HTML page.
 */
public class JsonErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        // A protocol the server does not speak (HTTP/2.0 in an HTTP/1 request line, a transfer coding
        // it does not know, CONNECT) is the client's error, and no input may be answered with a 5xx.
        if (status == 501 || status == 505) {
            status = "CONNECT".equals(request.getMethod()) ? 405 : 400;
            response.setStatus(status);
        }
        String code = status >= 500 ? "INTERNAL_ERROR" : status == 404 ? "ROUTE_NOT_FOUND" : "BAD_REQUEST";
        String title = status >= 500 ? "Internal error" : status == 404 ? "Not found" : "Bad request";
        try {
            response.setHeader(BankcoreVersion.HEADER, BankcoreVersion.current());
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"type\":\"urn:bankcore:problem:"
                        + code.toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                        + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"The request was refused"
                        + " by the HTTP server: " + title.toLowerCase(java.util.Locale.ROOT) + ".\",\"code\":\"" + code
                        + "\",\"retryable\":false}");
            }
        } catch (IOException | IllegalStateException ignored) {
            // the connection is gone or the response committed: nothing more can be said
        }
    }
}
