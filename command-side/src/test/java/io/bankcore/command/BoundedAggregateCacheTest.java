package io.bankcore.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;

class BoundedAggregateCacheTest {

    @Test
    void entries_survive_garbage_collection_unlike_weak_references() {
        var cache = new BoundedAggregateCache(10);
        cache.put("000001", new Object());
        System.gc();
        assertThat(cache.<String, Object>get("000001")).isNotNull();
    }

    @Test
    void beyond_the_capacity_the_least_recently_used_entry_goes() {
        var cache = new BoundedAggregateCache(2);
        cache.put("a", 1);
        cache.put("b", 2);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1); // "b" is now the least recently used
        cache.put("c", 3);

        assertThat(cache.containsKey("a")).isTrue();
        assertThat(cache.containsKey("b")).isFalse();
        assertThat(cache.containsKey("c")).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void remove_and_put_if_absent_report_what_they_did() {
        var cache = new BoundedAggregateCache(5);
        assertThat(cache.putIfAbsent("a", 1)).isTrue();
        assertThat(cache.putIfAbsent("a", 2)).isFalse();
        assertThat(cache.<String, Integer>get("a")).isEqualTo(1);
        assertThat(cache.remove("a")).isTrue();
        assertThat(cache.remove("a")).isFalse();
        assertThat(cache.<String, Integer>get("a")).isNull();
    }

    @Test
    void compute_if_present_updates_or_removes_only_existing_entries() {
        var cache = new BoundedAggregateCache(5);
        cache.<Integer>computeIfPresent("a", v -> v + 1);
        assertThat(cache.containsKey("a")).isFalse();

        cache.put("a", 1);
        cache.<Integer>computeIfPresent("a", v -> v + 1);
        assertThat(cache.<String, Integer>get("a")).isEqualTo(2);
        cache.<Integer>computeIfPresent("a", v -> null);
        assertThat(cache.containsKey("a")).isFalse();

        assertThat(cache.computeIfAbsent("b", () -> 7)).isEqualTo(7);
        assertThat(cache.computeIfAbsent("b", () -> 8)).isEqualTo(7);
    }

    @Test
    void listeners_hear_of_creation_update_removal_and_eviction() {
        var cache = new BoundedAggregateCache(1);
        List<String> heard = new ArrayList<>();
        var registration = cache.registerCacheEntryListener(new Cache.EntryListenerAdapter() {
            @Override
            public void onEntryCreated(Object key, Object value) {
                heard.add("created " + key);
            }

            @Override
            public void onEntryUpdated(Object key, Object value) {
                heard.add("updated " + key);
            }

            @Override
            public void onEntryRemoved(Object key) {
                heard.add("removed " + key);
            }

            @Override
            public void onEntryExpired(Object key) {
                heard.add("expired " + key);
            }
        });
        cache.put("a", 1);
        cache.put("a", 2);
        cache.put("b", 3);
        cache.remove("b");
        registration.cancel();
        cache.put("c", 4);

        assertThat(heard).containsExactly("created a", "updated a", "expired a", "created b", "removed b");
    }

    @Test
    void a_capacity_below_one_is_refused() {
        assertThatThrownBy(() -> new BoundedAggregateCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
