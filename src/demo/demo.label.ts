/** Every demo text starts with this, so nobody takes a demo figure for a real one. */
export const DEMO_LABEL = '[Bản trình diễn]';
