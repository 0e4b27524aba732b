/* token.c - tokens with byte and code-point offsets and match keys.
 *
 * A token is a word (letters and digits, with internal apostrophes:
 * "Kata'ib"), a number ("1,000", "3.5", "10:35"), an abbreviation with its
 * period ("Lt.", "U.S.", "Jan."), a joining hyphen, a possessive ("'s"),
 * a quotation mark, or one punctuation character.  Hyphenated words are
 * split ("US-led" = "US" "-" "led") so that dictionaries match either
 * spelling.  The match key folds case, diacritics and apostrophes, so
 * "Kata’ib", "Kata'ib" and "Kataib" share the key "kataib".
 *
 * One pass over the text; no backtracking beyond one token.
 */
#include <utf8proc.h>

#include "doc.h"
#include "lexicon.h"

enum cclass { C_SPACE, C_NL, C_ALPHA, C_DIGIT, C_APOS, C_HYPHEN, C_QUOTE,
              C_PERIOD, C_OTHER };

/* The class of each ASCII character (C0 controls and DEL separate
 * tokens like spaces). */
#define S C_SPACE
#define N C_NL
#define A C_ALPHA
#define D C_DIGIT
#define P C_APOS
#define H C_HYPHEN
#define Q C_QUOTE
#define E C_PERIOD
#define O C_OTHER
static const unsigned char ascii_class[128] = {
    S, S, S, S, S, S, S, S, S, S, N, S, S, S, S, S,
    S, S, S, S, S, S, S, S, S, S, S, S, S, S, S, S,
    S, O, Q, O, O, O, O, P, O, O, O, O, O, H, E, O,
    D, D, D, D, D, D, D, D, D, D, O, O, O, O, O, O,
    O, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    A, A, A, A, A, A, A, A, A, A, A, O, O, O, O, O,
    Q, A, A, A, A, A, A, A, A, A, A, A, A, A, A, A,
    A, A, A, A, A, A, A, A, A, A, A, O, O, O, O, S,
};
#undef S
#undef N
#undef A
#undef D
#undef P
#undef H
#undef Q
#undef E
#undef O

static enum cclass classify_other(uint32_t cp);

static inline enum cclass classify(uint32_t cp) {
  return cp < 0x80 ? (enum cclass)ascii_class[cp] : classify_other(cp);
}

static enum cclass classify_other(uint32_t cp) {
  switch (cp) {
  case 0x2019: /* right single quotation mark, the usual apostrophe */
  case 0x02BC: /* modifier letter apostrophe */
    return C_APOS;
  case 0x2010: case 0x2011: case 0x2012: case 0x2013:
    return C_HYPHEN;
  case 0x201C: case 0x201D: case 0x201E: case 0x00AB: case 0x00BB:
  case 0x2018: case 0x201A: case 0x2039: case 0x203A:
    return C_QUOTE;
  case 0x2028: case 0x2029: case 0x0085:
    return C_NL;
  case 0x00A0: case 0x2000: case 0x2001: case 0x2002: case 0x2003:
  case 0x2004: case 0x2005: case 0x2006: case 0x2007: case 0x2008:
  case 0x2009: case 0x200A: case 0x202F: case 0x205F: case 0x3000:
  case 0xFEFF: case 0x200B: case 0x200E: case 0x200F: case 0x202A:
  case 0x202B: case 0x202C: case 0x202D: case 0x202E: case 0x2066:
  case 0x2067: case 0x2068: case 0x2069:
    return C_SPACE; /* spaces, zero-width and bidi marks */
  default:
    break;
  }
  utf8proc_category_t cat = utf8proc_category((utf8proc_int32_t)cp);
  switch (cat) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
  case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
  case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
  case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    return C_ALPHA;
  case UTF8PROC_CATEGORY_ND:
    return C_DIGIT;
  case UTF8PROC_CATEGORY_ZS:
  case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
    return C_SPACE;
  case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    return C_NL;
  default:
    return C_OTHER;
  }
}

static int is_upper_cp(uint32_t cp) {
  if (cp < 0x80)
    return cp >= 'A' && cp <= 'Z';
  return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LU ||
         utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LT;
}

static int is_lower_cp(uint32_t cp) {
  if (cp < 0x80)
    return cp >= 'a' && cp <= 'z';
  return utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_LL;
}

/* Letters utf8proc's mark stripping leaves alone. */
static const char *fold_special(uint32_t cp) {
  switch (cp) {
  case 0x00F8: case 0x00D8: return "o";
  case 0x0142: case 0x0141: return "l";
  case 0x0111: case 0x0110: return "d";
  case 0x0131: return "i";
  case 0x00E6: case 0x00C6: return "ae";
  case 0x0153: case 0x0152: return "oe";
  case 0x00FE: case 0x00DE: return "th";
  case 0x00DF: return "ss";
  default: return NULL;
  }
}

/* The key of one token: ASCII lower-cased directly; anything else through
 * utf8proc (case fold, decompose, strip marks).  Apostrophes and periods
 * inside the token are dropped. */
const char *ng_token_key(ng_arena *arena, const char *s, size_t len,
                         uint32_t *key_len) {
  int ascii = 1;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80) {
      ascii = 0;
      break;
    }
  char *out;
  size_t k = 0;
  if (ascii) {
    out = ng_arena_alloc(arena, len + 1);
    if (!out)
      return NULL;
    for (size_t i = 0; i < len; i++) {
      char c = s[i];
      if (c == '\'' || (c == '.' && len > 1))
        continue;
      out[k++] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    if (k == 0 && len) /* a lone apostrophe or period keeps itself */
      out[k++] = s[0];
    out[k] = '\0';
    *key_len = (uint32_t)k;
    return out;
  }
  /* worst case: every code point folds to a few bytes */
  out = ng_arena_alloc(arena, len * 3 + 8);
  if (!out)
    return NULL;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t n = ng_utf8_seq((const unsigned char *)s + i, len - i, &cp);
    if (!n) { /* cannot happen on validated text; be safe anyway */
      i++;
      continue;
    }
    i += n;
    if (cp == '\'' || cp == 0x2019 || cp == 0x02BC || (cp == '.' && len > 1))
      continue;
    if (cp < 0x80) {
      out[k++] = (cp >= 'A' && cp <= 'Z') ? (char)(cp + 32) : (char)cp;
      continue;
    }
    const char *sp = fold_special(cp);
    if (sp) {
      while (*sp)
        out[k++] = *sp++;
      continue;
    }
    utf8proc_int32_t buf[8];
    utf8proc_ssize_t m = utf8proc_decompose_char(
        (utf8proc_int32_t)cp, buf, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
                                          UTF8PROC_STRIPMARK | UTF8PROC_COMPAT,
        NULL);
    if (m < 0 || m > 8) {
      buf[0] = (utf8proc_int32_t)cp;
      m = 1;
    }
    for (utf8proc_ssize_t j = 0; j < m; j++) {
      const char *sp2 = fold_special((uint32_t)buf[j]);
      if (sp2) {
        while (*sp2)
          out[k++] = *sp2++;
        continue;
      }
      utf8proc_uint8_t enc[4];
      utf8proc_ssize_t el = utf8proc_encode_char(buf[j], enc);
      for (utf8proc_ssize_t e = 0; e < el; e++)
        out[k++] = (char)enc[e];
    }
  }
  out[k] = '\0';
  *key_len = (uint32_t)k;
  return out;
}

typedef struct scanner {
  const unsigned char *s;
  size_t n;
  size_t pos;   /* byte position */
  size_t cpos;  /* code-point position */
} scanner;

/* The code point at byte position P (without moving); 0 at the end. */
static uint32_t peek(const scanner *sc, size_t p, size_t *len) {
  if (p >= sc->n) {
    *len = 0;
    return 0;
  }
  if (sc->s[p] < 0x80) {
    *len = 1;
    return sc->s[p];
  }
  uint32_t cp;
  size_t k = ng_utf8_seq(sc->s + p, sc->n - p, &cp);
  if (!k) { /* validated text never gets here */
    *len = 1;
    return 0xFFFD;
  }
  *len = k;
  return cp;
}

/* ng_token_key and ng_hash32 of the key in one pass, for the usual
 * all-ASCII token; NULL with *ASCII 0 when it is not all ASCII. */
static const char *ascii_key(ng_arena *arena, const char *s, size_t len,
                             uint32_t *key_len, uint32_t *hash, int *ascii) {
  char *out = ng_arena_alloc(arena, len + 1);
  *ascii = 1;
  if (!out)
    return NULL;
  uint32_t h = NG_HASH32_INIT;
  size_t k = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if ((unsigned char)c >= 0x80) {
      *ascii = 0;
      return NULL;
    }
    if (c == '\'' || (c == '.' && len > 1))
      continue;
    c = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    out[k++] = c;
    h = ng_hash32_more(h, &c, 1);
  }
  if (k == 0 && len) { /* a lone apostrophe or period keeps itself */
    out[k++] = s[0];
    h = ng_hash32_more(h, s, 1);
  }
  out[k] = '\0';
  *key_len = (uint32_t)k;
  *hash = ng_hash32_final(h);
  return out;
}

static ng_status push_token(ng_arena *arena, ng_vec *toks, size_t max,
                            const char *text, size_t b, size_t e, size_t cb,
                            size_t ce, uint16_t flags) {
  ng_token *t;
  if (toks->n < toks->cap && toks->n < max) { /* ng_vec_push, inline */
    t = (ng_token *)toks->items + toks->n++;
    memset(t, 0, sizeof *t);
  } else if (!(t = ng_vec_push(toks, sizeof(ng_token), max))) {
    return toks->n >= max ? NG_ERR_LIMIT : NG_ERR_NOMEM;
  }
  t->b = (uint32_t)b;
  t->e = (uint32_t)e;
  t->cb = (uint32_t)cb;
  t->ce = (uint32_t)ce;
  t->flags = flags;
  int ascii;
  t->key = ascii_key(arena, text + b, e - b, &t->key_len, &t->hash, &ascii);
  if (t->key)
    return NG_OK;
  if (ascii)
    return NG_ERR_NOMEM;
  t->key = ng_token_key(arena, text + b, e - b, &t->key_len);
  if (!t->key)
    return NG_ERR_NOMEM;
  t->hash = ng_hash32(t->key, t->key_len);
  return NG_OK;
}

/* Case flags of a word token. */
static uint16_t case_flags(const char *text, size_t b, size_t e) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = b;
  int first = 1, upper = 0, lower = 0;
  uint16_t f = 0;
  while (i < e) {
    uint32_t cp;
    size_t k;
    if (s[i] < 0x80) {
      cp = s[i];
      k = 1;
    } else if (!(k = ng_utf8_seq(s + i, e - i, &cp))) {
      break;
    }
    i += k;
    if (is_upper_cp(cp)) {
      if (first)
        f |= NG_TF_CAP;
      upper++;
      first = 0;
    } else if (is_lower_cp(cp)) {
      lower++;
      first = 0;
    } else if (classify(cp) == C_ALPHA) {
      first = 0; /* a caseless letter */
    }
  }
  if (upper >= 2 && lower == 0)
    f |= NG_TF_UPPER;
  return f;
}

/* Short text of ASCII letters, digits and spaces only: most dictionary
 * entries, tokenized by the tens of thousands at start-up. */
int ng_tokenize_is_simple(const char *s, size_t n) {
  if (n > NG_TOKENIZE_SIMPLE_MAX)
    return 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c != ' ' && (c >= 0x80 || (ascii_class[c] != C_ALPHA &&
                                   ascii_class[c] != C_DIGIT)))
      return 0;
  }
  return 1;
}

/* Simple text by byte: the key byte of a letter or digit, ' ' for a
 * space, 0 for anything else (ascii_class's letters and digits). */
static const char simple_key[256] = {
    [' '] = ' ', ['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3',
    ['4'] = '4', ['5'] = '5', ['6'] = '6', ['7'] = '7', ['8'] = '8',
    ['9'] = '9', ['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd',
    ['E'] = 'e', ['F'] = 'f', ['G'] = 'g', ['H'] = 'h', ['I'] = 'i',
    ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
    ['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's',
    ['T'] = 't', ['U'] = 'u', ['V'] = 'v', ['W'] = 'w', ['X'] = 'x',
    ['Y'] = 'y', ['Z'] = 'z', ['a'] = 'a', ['b'] = 'b', ['c'] = 'c',
    ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g', ['h'] = 'h',
    ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm',
    ['n'] = 'n', ['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r',
    ['s'] = 's', ['t'] = 't', ['u'] = 'u', ['v'] = 'v', ['w'] = 'w',
    ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
};

int ng_tokenize_simple_keys(const char *text, size_t len, char *buf,
                            uint16_t *ends) {
  if (len > NG_TOKENIZE_SIMPLE_MAX)
    return -1;
  size_t bl = 0;
  int n = 0, gap = 1; /* gap: at a space or at the start */
  for (size_t i = 0; i < len; i++) {
    char k = simple_key[(unsigned char)text[i]];
    if (k > ' ') {
      buf[bl++] = k;
      gap = 0;
    } else if (k == ' ') {
      if (!gap) { /* the end of a token: one space before the next */
        ends[n++] = (uint16_t)bl;
        buf[bl++] = ' ';
        gap = 1;
      }
    } else {
      return -1;
    }
  }
  if (!gap)
    ends[n++] = (uint16_t)bl;
  else if (bl)
    bl--; /* the space after the last token */
  buf[bl] = '\0';
  return n;
}

/* The tokens the scanner below makes of simple text (runs of letters and
 * digits; the test suite holds the two to the same result). */
static ng_status tokenize_simple(const char *text, size_t len,
                                 ng_arena *arena, ng_vec *toks, size_t max) {
  uint16_t pending = 0;
  size_t i = 0;
  ng_status st = NG_OK;
  while (i < len && !st) {
    if (text[i] == ' ') {
      pending = NG_TF_SPACE;
      i++;
      continue;
    }
    size_t b = i;
    int alpha = 0;
    for (; i < len && text[i] != ' '; i++)
      alpha |= ascii_class[(unsigned char)text[i]] == C_ALPHA;
    uint16_t flags = pending;
    pending = 0;
    if (alpha) {
      flags |= NG_TF_WORD | case_flags(text, b, i);
      if (ascii_class[(unsigned char)text[b]] == C_DIGIT)
        flags |= NG_TF_NUM; /* "40th" */
    } else {
      flags |= NG_TF_NUM;
    }
    st = push_token(arena, toks, max, text, b, i, b, i, flags);
  }
  return st;
}

ng_status ng_tokenize(const ng_lexicon *lex, const char *text, size_t len,
                      ng_arena *arena, ng_vec *toks, size_t max) {
  if (ng_tokenize_is_simple(text, len))
    return tokenize_simple(text, len, arena, toks, max);
  scanner sc = {(const unsigned char *)text, len, 0, 0};
  uint16_t pending = 0; /* SPACE / NEWLINE / PARA flags for the next one */
  int newlines = 0;
  ng_status st = NG_OK;
  while (sc.pos < sc.n && !st) {
    size_t k;
    uint32_t cp = peek(&sc, sc.pos, &k);
    enum cclass c = classify(cp);
    size_t b = sc.pos, cb = sc.cpos;
    if (c == C_SPACE || c == C_NL) {
      pending |= NG_TF_SPACE;
      if (c == C_NL) {
        pending |= NG_TF_NEWLINE;
        if (++newlines >= 2)
          pending |= NG_TF_PARA;
      }
      sc.pos += k;
      sc.cpos++;
      continue;
    }
    newlines = 0;
    uint16_t flags = pending;
    pending = 0;
    if (c == C_ALPHA || c == C_DIGIT) {
      /* a word or number: letters, digits, marks; internal apostrophes
       * between letters; internal . , : between digits; internal periods
       * in dotted abbreviations (U.S., a.m.) */
      int digits_only = 1, has_alpha = 0, dotted = 0;
      size_t last_len = k;
      uint32_t last = cp;
      sc.pos += k;
      sc.cpos++;
      if (c == C_ALPHA)
        digits_only = 0, has_alpha = 1;
      for (;;) {
        size_t k2, k3;
        uint32_t nx = peek(&sc, sc.pos, &k2);
        enum cclass c2 = classify(nx);
        if (c2 == C_ALPHA || c2 == C_DIGIT) {
          if (c2 == C_ALPHA)
            digits_only = 0, has_alpha = 1;
          sc.pos += k2;
          sc.cpos++;
          last = nx;
          last_len = k2;
          continue;
        }
        uint32_t after = peek(&sc, sc.pos + k2, &k3);
        enum cclass ca = classify(after);
        if (c2 == C_APOS && classify(last) == C_ALPHA && ca == C_ALPHA) {
          /* "Kata'ib", "don't" but not the possessive "Iraq's" */
          if ((after == 's' || after == 'S')) {
            size_t k4;
            uint32_t a2 = peek(&sc, sc.pos + k2 + k3, &k4);
            enum cclass c4 = classify(a2);
            if (c4 != C_ALPHA && c4 != C_DIGIT)
              break; /* possessive 's: its own token */
          }
          sc.pos += k2;
          sc.cpos++;
          continue;
        }
        if ((nx == '.' || nx == ',' || nx == ':') && digits_only &&
            classify(last) == C_DIGIT && ca == C_DIGIT) {
          sc.pos += k2; /* 1,000  3.5  10:35 */
          sc.cpos++;
          continue;
        }
        if (nx == '.' && has_alpha && classify(last) == C_ALPHA &&
            last_len == 1 && ca == C_ALPHA) {
          /* U.S.A / a.m: a single letter, a period, a letter */
          size_t k4;
          uint32_t a2 = peek(&sc, sc.pos + k2 + k3, &k4);
          if (a2 == '.' || classify(a2) != C_ALPHA) {
            dotted = 1;
            sc.pos += k2;
            sc.cpos++;
            continue;
          }
        }
        break;
      }
      /* a trailing period joins a dotted abbreviation, a single capital
       * letter (an initial) or a known abbreviation */
      size_t kp;
      if (peek(&sc, sc.pos, &kp) == '.' && has_alpha) {
        int take = dotted;
        size_t wl = sc.pos - b;
        if (!take && sc.cpos - cb == 1 && is_upper_cp(cp))
          take = 1;
        if (!take && lex && wl < 16) {
          char low[16];
          for (size_t i = 0; i < wl; i++) {
            char ch = text[b + i];
            low[i] = (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch;
          }
          take = ng_lexicon_is_abbrev(lex, low, wl);
        }
        if (take) {
          sc.pos += kp;
          sc.cpos++;
          flags |= NG_TF_ABBREV;
        }
      }
      flags |= has_alpha ? NG_TF_WORD : NG_TF_NUM;
      if (has_alpha)
        flags |= case_flags(text, b, sc.pos);
      if (has_alpha && !digits_only && classify(cp) == C_DIGIT)
        flags |= NG_TF_NUM; /* "40th", "2nd" */
      st = push_token(arena, toks, max, text, b, sc.pos, cb, sc.cpos, flags);
      continue;
    }
    /* possessive 's or ' after a word */
    if (c == C_APOS && toks->n > 0 && !(flags & NG_TF_SPACE)) {
      ng_token *prev = &NG_VEC_AT(toks, ng_token, toks->n - 1);
      size_t k2, k3;
      uint32_t nx = peek(&sc, sc.pos + k, &k2);
      uint32_t after = peek(&sc, sc.pos + k + k2, &k3);
      enum cclass ca = classify(after);
      if (prev->flags & NG_TF_WORD) {
        if ((nx == 's' || nx == 'S') && ca != C_ALPHA && ca != C_DIGIT) {
          sc.pos += k + k2;
          sc.cpos += 2;
          st = push_token(arena, toks, max, text, b, sc.pos, cb, sc.cpos,
                          flags | NG_TF_POSS | NG_TF_PUNCT);
          continue;
        }
        if (classify(nx) != C_ALPHA && classify(nx) != C_DIGIT &&
            prev->key_len > 0 && prev->key[prev->key_len - 1] == 's') {
          sc.pos += k;
          sc.cpos++;
          st = push_token(arena, toks, max, text, b, sc.pos, cb, sc.cpos,
                          flags | NG_TF_POSS | NG_TF_PUNCT);
          continue;
        }
      }
    }
    sc.pos += k;
    sc.cpos++;
    if (c == C_HYPHEN || c == C_APOS || c == C_QUOTE) {
      size_t k2;
      uint32_t nx = peek(&sc, sc.pos, &k2);
      enum cclass cn = classify(nx);
      if (c == C_HYPHEN) {
        if (cp == '-' && nx == '-') { /* "--" as a dash */
          sc.pos += k2;
          sc.cpos++;
        } else if (!(flags & NG_TF_SPACE) && toks->n > 0 &&
                   (cn == C_ALPHA || cn == C_DIGIT)) {
          flags |= NG_TF_HYPHEN;
        }
      } else {
        flags |= NG_TF_QUOTE;
      }
      st = push_token(arena, toks, max, text, b, sc.pos, cb, sc.cpos,
                      flags | NG_TF_PUNCT);
      continue;
    }
    if (c == C_PERIOD || cp == '!' || cp == '?' || cp == 0x2026) {
      /* runs of . ! ? ... stay one token */
      for (;;) {
        size_t k2;
        uint32_t nx = peek(&sc, sc.pos, &k2);
        if (nx == '.' || nx == '!' || nx == '?' || nx == 0x2026) {
          sc.pos += k2;
          sc.cpos++;
        } else {
          break;
        }
      }
    }
    st = push_token(arena, toks, max, text, b, sc.pos, cb, sc.cpos,
                    flags | NG_TF_PUNCT);
  }
  return st;
}

ng_status ng_stage_tokens(ng_world *w, ng_doc *d) {
  /* an upper bound that no real article reaches: one token per byte */
  size_t max = d->len + 1;
  ng_status st =
      ng_tokenize(w->lex, d->text, d->len, &d->arena, &d->tokens, max);
  if (st)
    ng_log(w, NG_LOG_ERROR, st, "token", 0, 0, "cannot tokenize: %s",
           ng_status_string(st));
  return st;
}
