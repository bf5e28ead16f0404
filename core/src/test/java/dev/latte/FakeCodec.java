package dev.latte;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A byte-level test tokenizer: ids 0–255 are single bytes (so a multi-byte character spans
 * several tokens), then end-of-sequence, beginning-of-sequence and a few marker tokens that decode
 * to their text, as R1's {@code <think>} does.
 */
final class FakeCodec implements TextCodec {
    static final int BOS = 256;
    static final int EOS = 257;
    static final List<String> MARKERS = List.of("<think>", "</think>", "<|user|>", "<|assistant|>");
    static final int VOCABULARY = 258 + MARKERS.size();

    private final boolean thinkIsOneToken;

    /** @param thinkIsOneToken R1's form; otherwise {@code <think>} is spelt with byte tokens, as in V3 */
    FakeCodec(boolean thinkIsOneToken) {
        this.thinkIsOneToken = thinkIsOneToken;
    }

    @Override
    public int[] encodePrompt(String text) {
        int[] ids = encodeRendered(text);
        int[] withBos = new int[ids.length + 1];
        withBos[0] = BOS;
        System.arraycopy(ids, 0, withBos, 1, ids.length);
        return withBos;
    }

    @Override
    public int[] encodeRendered(String text) {
        List<Integer> ids = new ArrayList<>();
        int i = 0;
        outer:
        while (i < text.length()) {
            for (int m = 0; m < MARKERS.size(); m++) {
                String marker = MARKERS.get(m);
                boolean isThink = marker.contains("think");
                if (text.startsWith(marker, i) && (thinkIsOneToken || !isThink)) {
                    ids.add(258 + m);
                    i += marker.length();
                    continue outer;
                }
            }
            int end = i + Character.charCount(text.codePointAt(i));
            for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                ids.add(b & 0xff);
            }
            i = end;
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public TokenTextStream newStream() {
        return new TokenTextStream() {
            private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

            @Override
            public String next(int tokenId) {
                if (tokenId < 256) {
                    bytes.write(tokenId);
                } else if (tokenId >= 258) {
                    bytes.writeBytes(MARKERS.get(tokenId - 258).getBytes(StandardCharsets.UTF_8));
                }
                byte[] all = bytes.toByteArray();
                int complete = completeLength(all);
                bytes.reset();
                bytes.write(all, complete, all.length - complete);
                return new String(all, 0, complete, StandardCharsets.UTF_8);
            }

            @Override
            public String finish() {
                String rest = bytes.toString(StandardCharsets.UTF_8);
                bytes.reset();
                return rest;
            }
        };
    }

    @Override
    public int vocabularySize() {
        return VOCABULARY;
    }

    @Override
    public int[] endOfGenerationIds() {
        return new int[] {EOS};
    }

    /** The length of the longest prefix that ends on a character boundary. */
    private static int completeLength(byte[] utf8) {
        int i = 0;
        int complete = 0;
        while (i < utf8.length) {
            int lead = utf8[i] & 0xff;
            int length = lead < 0x80 ? 1 : lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
            if (i + length > utf8.length) {
                break;
            }
            i += length;
            complete = i;
        }
        return complete;
    }
}
