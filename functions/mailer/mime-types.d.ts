/** Types of mime-types.js, the small stand-in for nodemailer's MIME type table. */
export function detectMimeType(filename?: string): string;
export function detectExtension(mimeType?: string): string;
