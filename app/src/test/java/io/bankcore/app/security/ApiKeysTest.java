package io.bankcore.app.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void only_keys_of_the_service_s_shape_have_an_id() {
        assertThat(ApiKeys.idOf("bk_live_abcdefghijkm_secret")).isEqualTo("abcdefghijkm");
        assertThat(ApiKeys.idOf("bk_test_abcdefghijkm_secret")).isNull();
        assertThat(ApiKeys.idOf("bk_live_abcdefghijkm")).isNull();
        assertThat(ApiKeys.idOf("bk_live_abcdefghijkmXsecret")).isNull();
        // l, 0, 1 are not in the alphabet (they read like 1, O, l)
        assertThat(ApiKeys.idOf("bk_live_abcdefghijkl_secret")).isNull();
        assertThat(ApiKeys.idOf("bk_live_ABCDEFGHIJKM_secret")).isNull();
    }

    @Test
    void hashes_are_sha256_hex() {
        assertThat(ApiKeys.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
