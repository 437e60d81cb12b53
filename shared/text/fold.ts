/**
 * Vietnamese folding for search: "Đặng Thị" and "dang thi" fold to the same key.
 * NFD-decomposes (so NFC and NFD input agree), drops combining marks, maps đ/Đ to d,
 * lower-cases and collapses white space.
 */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
