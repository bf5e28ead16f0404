package dev.latte.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The added tokens of a tokenizer with the ids Hugging Face gives them. Hugging Face does not
 * take the {@code id} written in tokenizer.json (it only warns when it differs): a token whose
 * content is already in the vocabulary gets that entry's id, any other the next id after the
 * vocabulary and the added tokens before it. Consistent files get the ids they list.
 */
final class AddedVocabulary {
    private final Map<String, Integer> idsByContent = new HashMap<>();
    private final Map<Integer, AddedToken> tokensById = new HashMap<>();
    private final List<AddedToken> matchOrder = new ArrayList<>();

    AddedVocabulary(List<AddedToken> fromFile, Map<String, Integer> vocab) {
        List<AddedToken> stored = new ArrayList<>();
        Set<String> specialContents = new LinkedHashSet<>();
        List<AddedToken> specials = new ArrayList<>();
        List<AddedToken> others = new ArrayList<>();
        for (AddedToken token : fromFile) {
            if (token.special() && specialContents.add(token.content())) {
                specials.add(token);
            }
        }
        for (AddedToken token : fromFile) {
            if (stored.stream().anyMatch(t -> sameToken(t, token))) {
                continue;
            }
            int id = assignId(token.content(), vocab);
            idsByContent.put(token.content(), id);
            tokensById.put(id, withId(token, id));
            stored.add(token);
            if (!specialContents.contains(token.content())) {
                others.add(token);
            }
        }
        // Matching uses each listed token's own 'normalized' flag, but the flags of whichever token
        // was stored last under the id it resolves to, as Hugging Face's AddedVocabulary does.
        for (AddedToken token : concat(specials, others)) {
            AddedToken owner = tokensById.get(idsByContent.get(token.content()));
            matchOrder.add(new AddedToken(owner.id(), token.content(), owner.special(), owner.lstrip(), owner.rstrip(),
                    owner.singleWord(), token.normalized()));
        }
    }

    /** Every added token by id. */
    Map<Integer, AddedToken> byId() {
        return tokensById;
    }

    Map<String, Integer> idsByContent() {
        return idsByContent;
    }

    /** The tokens in the order the matcher tries them (special ones first). */
    List<AddedToken> matchOrder() {
        return matchOrder;
    }

    private int assignId(String content, Map<String, Integer> vocab) {
        Integer known = idsByContent.get(content);
        if (known == null) {
            known = vocab.get(content);
        }
        if (known != null) {
            return known;
        }
        int vocabSize = vocab.size();
        int max = idsByContent.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        if (max < 0) {
            return vocabSize;
        }
        return max >= vocabSize || vocabSize == 0 ? max + 1 : vocabSize;
    }

    private static boolean sameToken(AddedToken a, AddedToken b) {
        return a.content().equals(b.content()) && a.special() == b.special() && a.lstrip() == b.lstrip()
                && a.rstrip() == b.rstrip() && a.singleWord() == b.singleWord() && a.normalized() == b.normalized();
    }

    private static AddedToken withId(AddedToken t, int id) {
        return new AddedToken(id, t.content(), t.special(), t.lstrip(), t.rstrip(), t.singleWord(), t.normalized());
    }

    private static List<AddedToken> concat(List<AddedToken> a, List<AddedToken> b) {
        List<AddedToken> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
