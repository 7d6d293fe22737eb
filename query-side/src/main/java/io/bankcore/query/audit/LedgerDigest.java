package io.bankcore.query.audit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An account's ledger lines in a few numbers: how many, the sum per entry type and an order-independent
 * 64-bit fingerprint of the lines with their entry ids. Two sets of lines with equal digests are taken
 * as equal (a difference that keeps count, sums and fingerprint would need a 64-bit hash collision), so
 * the audit never holds an account's lines in memory unless they differ.
 */
final class LedgerDigest {

    private long count;
    private long fingerprint;
    private final TreeMap<String, Long> sumByType = new TreeMap<>();

    void add(String entryId, Line line) {
        count++;
        sumByType.merge(line.entryType(), line.amountMinor(), Long::sum);
        fingerprint += hash(entryId + '\u0000' + line);
    }

    long count() {
        return count;
    }

    boolean sameAs(LedgerDigest other) {
        return count == other.count && fingerprint == other.fingerprint && sumByType.equals(other.sumByType);
    }

    /** The report's summary of these lines: {@code count} and {@code sum_by_type}. */
    Map<String, Object> summary() {
        var summary = new LinkedHashMap<String, Object>();
        summary.put("count", count);
        summary.put("sum_by_type", new TreeMap<>(sumByType));
        return summary;
    }

    /** 64-bit FNV-1a over the UTF-8 bytes, then a final mix so that sums of hashes spread well. */
    private static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
