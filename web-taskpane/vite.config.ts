/// <reference types="vitest/config" />
import { resolve } from "node:path";
import { defineConfig } from "vite";

// Each pane is a page of its own; the build lands in the API's wwwroot so the API serves the panes itself.
export default defineConfig({
  root: resolve(import.meta.dirname, "src"),
  base: "/",
  publicDir: resolve(import.meta.dirname, "../addin-manifest/public"),
  build: {
    outDir: resolve(import.meta.dirname, "../api/OfficeCoordinator.Api/App_Panes"),
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        outlook: resolve(import.meta.dirname, "src/outlook/index.html"),
        excel: resolve(import.meta.dirname, "src/excel/index.html"),
        onsend: resolve(import.meta.dirname, "src/outlook/onsend.html"),
      },
    },
  },
  test: {
    root: import.meta.dirname,
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
