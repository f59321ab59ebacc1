# A WordPiece vocab.txt from a JSONL corpus ({"text": ..., ...} per line), deterministic for a given
# corpus (run with LC_ALL=C). Text is split as Hugging Face's uncased BasicTokenizer splits ASCII text:
# lowercase, whitespace, and every non-alphanumeric character a token of its own. The vocabulary:
#   [PAD] [UNK] [CLS] [SEP] [MASK]                  ids 0-4
#   every character seen, and "##" + every letter/digit   so that any word can be spelled out
#   the 300 commonest word endings (2-4 letters) of words left out, as "##" pieces
#   the commonest words, until `size` entries (default 3000)
# Usage: awk -v size=3000 -f make-vocab.awk corpus.jsonl > vocab.txt
BEGIN { if (size == "") size = 3000 }
{
  text = $0
  sub(/^\{"text": "/, "", text); sub(/", "label": .*$/, "", text)
  gsub(/\\"/, "\"", text); gsub(/\\\\/, "\\", text)
  text = tolower(text)
  n = length(text); word = ""
  for (i = 1; i <= n + 1; i++) {
    c = (i <= n) ? substr(text, i, 1) : " "
    if (c ~ /[a-z0-9]/) { word = word c; continue }
    if (word != "") { words[word]++; word = "" }
    if (c !~ /[ \t]/) { chars[c] = 1 }
  }
}
END {
  print "[PAD]"; print "[UNK]"; print "[CLS]"; print "[SEP]"; print "[MASK]"
  count = 5
  for (w in words) for (i = 1; i <= length(w); i++) chars[substr(w, i, 1)] = 1
  sorted = "sort"
  for (c in chars) print c | sorted
  close(sorted)
  for (c in chars) if (c ~ /[a-z0-9]/) print "##" c | sorted
  close(sorted)
  for (c in chars) { count++; if (c ~ /[a-z0-9]/) count++ }

  # The commonest words (ties alphabetical), written to a temp list in rank order.
  byCount = "sort -t '\t' -k1,1nr -k2,2 > .vocab-words.tmp"
  for (w in words) if (length(w) > 1) printf "%d\t%s\n", words[w], w | byCount
  close(byCount)
  wordSlots = size - count - 300
  kept = 0
  while ((getline line < ".vocab-words.tmp") > 0) {
    split(line, f, "\t")
    if (kept < wordSlots) { keep[f[2]] = 1; order[++kept] = f[2] }
    else for (k = 2; k <= 4; k++) if (length(f[2]) > k + 1) endings["##" substr(f[2], length(f[2]) - k + 1)] += f[1]
  }
  close(".vocab-words.tmp"); system("rm -f .vocab-words.tmp")

  bySuffix = "sort -t '\t' -k1,1nr -k2,2 | head -n 300 | cut -f2"
  for (e in endings) printf "%d\t%s\n", endings[e], e | bySuffix
  close(bySuffix)
  for (i = 1; i <= kept; i++) print order[i]
}
