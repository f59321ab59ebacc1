#!/usr/bin/env bash
# Makes the text sample's data from WordNet 3.0 (Princeton University, WordNet licence: see
# WORDNET-LICENSE): glosses (definitions and examples) as text, the synset's lexicographer file
# (noun.animal, noun.food, ...) as the label. Deterministic: the same WordNet files give the same
# output byte for byte. Needs bash, awk, sort, and either WORDNET_DIR (a folder with data.noun and
# data.verb) or apt-get + dpkg-deb, which fetch the Debian package wordnet-base.
#
#   pretrain.jsonl         glosses of every noun and verb lexicographer file, for masked-LM pretraining
#   train.jsonl, validation.jsonl
#                          five noun classes, balanced; no synset in them is in pretrain.jsonl
#   tokenizer/vocab.txt    a WordPiece vocabulary built from pretrain.jsonl (tools/make-vocab.awk)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export LC_ALL=C

if [[ -z "${WORDNET_DIR:-}" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && apt-get download wordnet-base >/dev/null)
  dpkg-deb -x "$work"/wordnet-base_*.deb "$work/root"
  WORDNET_DIR="$work/root/usr/share/wordnet"
  echo "wordnet-base $(dpkg-deb -f "$work"/wordnet-base_*.deb Version)"
fi

# One record per synset: lexicographer file number, a stable pseudo-random rank, offset, gloss.
# The rank is (offset * 40503) mod 65521: exact in awk's doubles, so every awk gives the same order.
records() {
  awk -v pos="$2" '!/^  / {
    split($0, halves, " \\| ");
    gloss = halves[2]; sub(/[ \t]+$/, "", gloss);
    gsub(/\\/, "\\\\", gloss); gsub(/"/, "\\\"", gloss);
    rank = ($1 * 40503) % 65521;
    printf "%s\t%05d\t%s%s\t%s\n", $2, rank, pos, $1, gloss
  }' "$WORDNET_DIR/$1"
}

lexname() {
  awk -F'\t' -v OFS='\t' 'BEGIN {
    n = split("adj.all adj.pert adv.all noun.Tops noun.act noun.animal noun.artifact noun.attribute noun.body noun.cognition noun.communication noun.event noun.feeling noun.food noun.group noun.location noun.motive noun.object noun.person noun.phenomenon noun.plant noun.possession noun.process noun.quantity noun.relation noun.shape noun.state noun.substance noun.time verb.body verb.change verb.cognition verb.communication verb.competition verb.consumption verb.contact verb.creation verb.emotion verb.motion verb.perception verb.possession verb.social verb.stative verb.weather", names, " ");
  } { $1 = names[$1 + 1]; print }'
}

{ records data.noun n; records data.verb v; } | lexname | sort -t$'\t' -k2,2 -k3,3 > "$here/.synsets.tsv"
trap 'rm -f "$here/.synsets.tsv"; if [[ -n "${work:-}" ]]; then rm -rf "$work"; fi' EXIT

jsonl() { awk -F'\t' '{ printf "{\"text\": \"%s\", \"label\": \"%s\"}\n", $4, $1 }'; }

# Fine-tuning: per class, the first 64 synsets by rank train, the next 48 validate.
classes="noun.animal noun.artifact noun.body noun.food noun.plant"
: > train.jsonl; : > validation.jsonl; : > .task.tsv
for class in $classes; do
  awk -F'\t' -v c="$class" '$1 == c && n++ < 112' .synsets.tsv > .class.tsv
  head -n 64 .class.tsv | jsonl >> train.jsonl
  tail -n 48 .class.tsv | jsonl >> validation.jsonl
  cat .class.tsv >> .task.tsv
done
rm -f .class.tsv

# Pretraining: 4,000 glosses across every noun and verb file, none of the fine-tuning synsets nor
# their glosses (WordNet repeats some), in a second pseudo-random order (the first one's head went
# to the fine-tuning task, class by class).
awk -F'\t' -v OFS='\t' 'NR == FNR { used[$3] = 1; gloss[$4] = 1; next } !($3 in used) && !($4 in gloss) { printf "%05d\t%s\n", (substr($3, 2) * 7919) % 65497, $0 }' .task.tsv .synsets.tsv \
  | sort -t$'\t' -k1,1 -k4,4 | cut -f2- | awk 'n++ < 4000' | jsonl > pretrain.jsonl
rm -f .task.tsv

mkdir -p tokenizer
awk -f "$here/tools/make-vocab.awk" pretrain.jsonl > tokenizer/vocab.txt
printf '{\n  "do_lower_case": true,\n  "model_max_length": 128,\n  "tokenizer_class": "BertTokenizer"\n}\n' > tokenizer/tokenizer_config.json
wc -l pretrain.jsonl train.jsonl validation.jsonl tokenizer/vocab.txt
