package dev.latte.generate;

/** Sorts token ids by descending score without boxing: a stable merge sort on primitive arrays. */
final class ScoreOrder {
    private ScoreOrder() {}

    /**
     * Sorts {@code ids[0..n)} by descending {@code scores[id]}; equal scores keep their order.
     *
     * @param scratch at least {@code n} ints of working space
     */
    static void sortDescending(int[] ids, int n, double[] scores, int[] scratch) {
        int[] from = ids;
        int[] to = scratch;
        for (int width = 1; width < n; width *= 2) {
            for (int left = 0; left < n; left += 2 * width) {
                int middle = Math.min(left + width, n);
                int right = Math.min(left + 2 * width, n);
                merge(from, to, left, middle, right, scores);
            }
            int[] swap = from;
            from = to;
            to = swap;
        }
        if (from != ids) {
            System.arraycopy(from, 0, ids, 0, n);
        }
    }

    private static void merge(int[] from, int[] to, int left, int middle, int right, double[] scores) {
        int i = left;
        int j = middle;
        for (int k = left; k < right; k++) {
            if (i < middle && (j >= right || scores[from[i]] >= scores[from[j]])) {
                to[k] = from[i++];
            } else {
                to[k] = from[j++];
            }
        }
    }
}
