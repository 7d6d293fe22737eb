package io.bankcore.app.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookSecurityTest {

    @Test
    void the_signature_is_an_hmac_sha256_of_t_dot_body_one_v1_per_secret() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        // Reference: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test
        assertThat(Signatures.hmac("whsec_test", 1700000000, body))
                .isEqualTo(hex("whsec_test", "1700000000.{\"a\":1}"));
        String header = Signatures.header(1700000000, body, List.of("whsec_new", "whsec_old"));
        assertThat(header)
                .isEqualTo("t=1700000000,v1=" + hex("whsec_new", "1700000000.{\"a\":1}") + ",v1="
                        + hex("whsec_old", "1700000000.{\"a\":1}"));
        assertThat(Signatures.newSecret()).startsWith("whsec_").hasSize(6 + 43);
    }

    private static String hex(String key, String message) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sealed_secrets_open_only_with_the_key_and_for_their_endpoint() {
        var box = new SecretBox("k".repeat(40));
        String sealed = box.seal("wh_1", "whsec_abc");
        assertThat(sealed).startsWith("v1:").doesNotContain("whsec_abc");
        assertThat(box.open("wh_1", sealed)).isEqualTo("whsec_abc");
        assertThatThrownBy(() -> box.open("wh_2", sealed)).hasMessageNotContaining("whsec_abc");
        assertThatThrownBy(() -> new SecretBox("x".repeat(40)).open("wh_1", sealed))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretBox(null).open("wh_1", sealed)).hasMessageContaining("secret-key");
        assertThat(new SecretBox("").open("wh_1", new SecretBox("").seal("wh_1", "whsec_p")))
                .isEqualTo("whsec_p");
        assertThatThrownBy(() -> new SecretBox("short")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addresses_are_classified_and_refused_unless_their_class_is_allowed() throws Exception {
        assertThat(UrlPolicy.kind(InetAddress.getByName("127.0.0.1"))).isEqualTo("loopback");
        assertThat(UrlPolicy.kind(InetAddress.getByName("::1"))).isEqualTo("loopback");
        assertThat(UrlPolicy.kind(InetAddress.getByName("10.0.0.1"))).isEqualTo("private");
        assertThat(UrlPolicy.kind(InetAddress.getByName("172.31.255.1"))).isEqualTo("private");
        assertThat(UrlPolicy.kind(InetAddress.getByName("192.168.1.1"))).isEqualTo("private");
        assertThat(UrlPolicy.kind(InetAddress.getByName("100.64.0.1"))).isEqualTo("private");
        assertThat(UrlPolicy.kind(InetAddress.getByName("fd12::1"))).isEqualTo("private");
        assertThat(UrlPolicy.kind(InetAddress.getByName("169.254.169.254"))).isEqualTo("link-local");
        assertThat(UrlPolicy.kind(InetAddress.getByName("fe80::1"))).isEqualTo("link-local");
        assertThat(UrlPolicy.kind(InetAddress.getByName("0.0.0.0"))).isEqualTo("unspecified");
        assertThat(UrlPolicy.kind(InetAddress.getByName("224.0.0.1"))).isEqualTo("multicast");
        assertThat(UrlPolicy.kind(InetAddress.getByName("::ffff:127.0.0.1"))).isEqualTo("loopback");
        assertThat(UrlPolicy.kind(InetAddress.getByName("93.184.216.34"))).isNull();
        assertThat(UrlPolicy.kind(InetAddress.getByName("172.32.0.1"))).isNull();

        var strict = new UrlPolicy(false, Set.of());
        assertThatThrownBy(() -> strict.check("https://127.0.0.1/x")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> strict.check("http://93.184.216.34/x")).hasMessageContaining("https");
        assertThat(strict.check("https://93.184.216.34/hook").getHost()).isEqualTo("93.184.216.34");
        var tests = new UrlPolicy(true, Set.of("loopback"));
        assertThat(tests.check("http://127.0.0.1:8080/hook").getPort()).isEqualTo(8080);
        assertThatThrownBy(() -> tests.check("https://10.0.0.1/x")).hasMessageContaining("private");
        assertThatThrownBy(() -> tests.check("https://0.0.0.0/x")).hasMessageContaining("unspecified");
    }

    @Test
    void the_back_off_doubles_from_the_initial_wait_and_stays_bounded() {
        var settings = new Webhooks.Settings(
                Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofHours(1), 20, 100, Duration.ofDays(7));
        assertThat(settings.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.backoff(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(settings.backoff(13)).isEqualTo(Duration.ofHours(1));
        assertThat(settings.backoff(1000)).isEqualTo(Duration.ofHours(1));
    }
}
