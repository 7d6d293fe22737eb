package io.bankcore.app.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Which webhook URLs are allowed: {@code https} only, and only to public addresses. Loopback, private
 * (RFC 1918, unique-local, shared 100.64/10), link-local (169.254/16, where cloud metadata services
 * answer, and fe80::/10) are refused unless {@code bankcore.webhooks.allowed-addresses} names their class
 * ({@code loopback}, {@code private}, {@code link-local}); the unspecified and multicast addresses always
 * are. Every address the host resolves to must pass, at registration and again before each delivery
 * (a name may resolve elsewhere later). Redirects are never followed.
 */
public final class UrlPolicy {

    public static final int MAX_LENGTH = 2048;

    /** A refused URL; the message says why, for the 422. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final boolean allowHttp;
    private final Set<String> allowedClasses;

    public UrlPolicy(boolean allowHttp, Set<String> allowedClasses) {
        this.allowHttp = allowHttp;
        this.allowedClasses = Set.copyOf(allowedClasses);
    }

    /** The URL, parsed, when its form and every address of its host are allowed. */
    public URI check(String url) throws Refused {
        URI uri = parse(url);
        checkAddresses(uri);
        return uri;
    }

    public URI parse(String url) throws Refused {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            throw new Refused("must be an absolute URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException malformed) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new Refused(allowHttp ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new Refused("must not have a fragment");
        }
        return uri;
    }

    public void checkAddresses(URI uri) throws Refused {
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException unknown) {
            throw new Refused("host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            String kind = kind(address);
            if (kind != null
                    && (kind.equals("unspecified") || kind.equals("multicast") || !allowedClasses.contains(kind))) {
                throw new Refused("points at a " + kind + " address (" + address.getHostAddress()
                        + "), which is not allowed for webhooks");
            }
        }
    }

    /** loopback, private, link-local, unspecified, multicast, or null for a public address. */
    static String kind(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        byte[] bytes = address.getAddress();
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address instanceof Inet6Address) {
            if ((bytes[0] & 0xfe) == 0xfc) {
                return "private"; // fc00::/7 unique local
            }
        } else if ((bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64) {
            return "private"; // 100.64.0.0/10 shared address space
        } else if ((bytes[0] & 0xff) == 0) {
            return "unspecified"; // 0.0.0.0/8
        }
        return null;
    }
}
