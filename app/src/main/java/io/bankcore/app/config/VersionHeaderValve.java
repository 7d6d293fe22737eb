package io.bankcore.app.config;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;

/**
 * Puts {@link BankcoreVersion#HEADER} on every response, before any filter or servlet runs, so that
 * refusals by a filter (authentication, rate limit, admission) carry it as answers do.
 */
public class VersionHeaderValve extends ValveBase {

    public VersionHeaderValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        response.setHeader(BankcoreVersion.HEADER, BankcoreVersion.current());
        getNext().invoke(request, response);
    }
}
