// Svelte 5 reads TypeScript in components by itself: no preprocessor needed.
export default {}
