package io.tinydbg.output;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonWriterTest {
    @Test
    void writesNestedValuesWithCommasAndEscapes() {
        JsonWriter w = new JsonWriter();
        w.beginObject().field("name", "a\"b\\c\n\u0001").hexField("entry", 0x1139)
                .name("returns").beginArray().value(1).value(2).endArray()
                .name("params").beginArray().beginObject().field("name", "x").endObject()
                .beginObject().field("ok", true).name("t").nullValue().endObject().endArray()
                .name("empty").beginArray().endArray().endObject();
        assertThat(w.toString()).isEqualTo("{\"name\":\"a\\\"b\\\\c\\n\\u0001\",\"entry\":\"0x1139\","
                + "\"returns\":[1,2],\"params\":[{\"name\":\"x\"},{\"ok\":true,\"t\":null}],\"empty\":[]}");
    }
}
