/* utf8.c - strict UTF-8 validation and code-point counting.
 * Strict means RFC 3629: no overlong forms, no surrogates, nothing past
 * U+10FFFF.  NUL is rejected by ng_utf8_valid() because C strings and
 * RDF literals cannot carry it safely. */
#include "internal.h"

size_t ng_utf8_seq(const unsigned char *s, size_t n, uint32_t *cp) {
  if (n == 0)
    return 0;
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  size_t len;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
    v = c & 0x1F;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    v = c & 0x0F;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    v = c & 0x07;
    min = 0x10000;
  } else {
    return 0;
  }
  if (n < len)
    return 0;
  for (size_t i = 1; i < len; i++) {
    if ((s[i] & 0xC0) != 0x80)
      return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
    return 0;
  *cp = v;
  return len;
}

int ng_utf8_valid(const char *str, size_t n, size_t *bad_at) {
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < n) {
    /* ASCII fast path, eight bytes at a time */
    while (i + 8 <= n) {
      uint64_t w;
      memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ULL)
        break;
      /* a NUL byte among the eight? */
      if ((w - 0x0101010101010101ULL) & ~w & 0x8080808080808080ULL)
        break;
      i += 8;
    }
    if (i >= n)
      break;
    if (s[i] == 0) {
      if (bad_at)
        *bad_at = i;
      return 0;
    }
    if (s[i] < 0x80) { /* the last bytes of a short string */
      i++;
      continue;
    }
    uint32_t cp;
    size_t k = ng_utf8_seq(s + i, n - i, &cp);
    if (!k) {
      if (bad_at)
        *bad_at = i;
      return 0;
    }
    i += k;
  }
  return 1;
}

size_t ng_utf8_count(const char *str, size_t n) {
  const unsigned char *s = (const unsigned char *)str;
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += (s[i] & 0xC0) != 0x80;
  return c;
}
