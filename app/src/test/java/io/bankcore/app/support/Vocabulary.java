package io.bankcore.app.support;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The public vocabulary, as checks: field names in snake_case, amounts named {@code *_cents},
 * enumerations in upper case, and no Java class name. Each check answers the problems it found, one
 * line each naming where, so a failure lists them all.
 */
public final class Vocabulary {

    private static final Pattern SNAKE = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern UPPER = Pattern.compile("[A-Z][A-Z0-9_]*");
    /** Keys that are data, not names: a currency ({@code BRL}) or a batch size bucket ({@code 2-3}, {@code 64+}). */
    private static final Pattern DATA_KEY = Pattern.compile("[A-Z]{3}|[0-9]+(-[0-9]+|\\+)?");
    /**
     * Words that make an integer an amount of money. Not {@code reserved} alone: {@code /admin/stats}
     * counts transfers by status, {@code reserved} among them.
     */
    private static final Set<String> MONEY = Set.of("amount", "balance", "minor", "money", "cents");
    /** Fields whose string values are enumerations. */
    private static final Set<String> ENUMERATIONS = Set.of(
            "status", "direction", "frozen_direction", "entry_type", "outcome", "mode", "source", "phase", "code");

    private static final Pattern CLASS_NAME =
            Pattern.compile("io\\.bankcore\\.|^[A-Z][a-z0-9]+([A-Z][a-z0-9]*)+(Event|Command|Query|Exception)$");

    private Vocabulary() {}

    /** The problems of a JSON answer, {@code where} naming it. */
    public static List<String> ofJson(String where, JsonNode node) {
        var problems = new ArrayList<String>();
        json(where, node, problems);
        return problems;
    }

    /** The problems of every answer schema an OpenAPI document declares, followed through its references. */
    public static List<String> ofOpenApi(JsonNode document) {
        var problems = new ArrayList<String>();
        JsonNode schemas = document.path("components").path("schemas");
        var seen = new HashSet<String>();
        for (var path : document.path("paths").properties()) {
            for (var operation : path.getValue().properties()) {
                for (var response : operation.getValue().path("responses").properties()) {
                    for (var content : response.getValue().path("content").properties()) {
                        String where = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey() + " "
                                + response.getKey();
                        schema(where, content.getValue().path("schema"), schemas, seen, problems);
                    }
                }
            }
        }
        return problems;
    }

    /** The problems of one field's name, its value an integer or not. */
    public static List<String> ofName(String where, String name, boolean integer) {
        var problems = new ArrayList<String>();
        if (!SNAKE.matcher(name).matches()) {
            problems.add(where + ": " + name + " is not snake_case");
        }
        if (name.endsWith("_minor")
                || (integer
                        && !name.endsWith("_cents")
                        && Set.of(name.split("_")).stream().anyMatch(MONEY::contains))) {
            problems.add(where + ": " + name + " names an amount without _cents");
        }
        return problems;
    }

    /** The problems of an enumeration's value. */
    public static List<String> ofEnumeration(String where, String value) {
        return UPPER.matcher(value).matches()
                ? List.of()
                : List.of(where + ": enumeration value " + value + " is not upper case");
    }

    private static void json(String where, JsonNode node, List<String> problems) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                json(where + "[" + i + "]", node.get(i), problems);
            }
        } else if (node.isObject()) {
            for (var field : node.properties()) {
                String name = field.getKey();
                JsonNode value = field.getValue();
                String at = where + "." + name;
                if (!DATA_KEY.matcher(name).matches()) {
                    problems.addAll(ofName(at, name, value.isIntegralNumber()));
                }
                if (ENUMERATIONS.contains(name) && value.isString()) {
                    problems.addAll(ofEnumeration(at, value.stringValue()));
                }
                json(at, value, problems);
            }
        } else if (node.isString() && CLASS_NAME.matcher(node.stringValue()).find()) {
            problems.add(where + ": " + node.stringValue() + " is a Java class name");
        }
    }

    private static void schema(
            String where, JsonNode schema, JsonNode schemas, Set<String> seen, List<String> problems) {
        if (schema == null || schema.isMissingNode() || !schema.isObject()) {
            return;
        }
        JsonNode ref = schema.get("$ref");
        if (ref != null) {
            String name = ref.stringValue().substring(ref.stringValue().lastIndexOf('/') + 1);
            if (seen.add(name)) {
                schema(name, schemas.path(name), schemas, seen, problems);
            }
            return;
        }
        for (JsonNode value : schema.path("enum")) {
            if (value.isString()) {
                problems.addAll(ofEnumeration(where, value.stringValue()));
            }
        }
        for (var property : schema.path("properties").properties()) {
            JsonNode type = property.getValue().path("type");
            boolean integer = type.isString()
                    ? type.stringValue().equals("integer")
                    : type.isArray() && type.toString().contains("\"integer\"");
            problems.addAll(ofName(where + "." + property.getKey(), property.getKey(), integer));
            schema(where + "." + property.getKey(), property.getValue(), schemas, seen, problems);
        }
        schema(where + "[]", schema.get("items"), schemas, seen, problems);
        schema(where + "{}", schema.get("additionalProperties"), schemas, seen, problems);
        for (String composed : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode part : schema.path(composed)) {
                schema(where, part, schemas, seen, problems);
            }
        }
    }
}
