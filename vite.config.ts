import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig(({ command }) => ({
  root: "src/web",
  // A build is always the production bundle, even when started from a test run (NODE_ENV=test
  // would otherwise give React's development build, 60 % larger).
  ...(command === "build" ? { define: { "process.env.NODE_ENV": JSON.stringify("production") } } : {}),
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "../../dist/web",
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      // zod ships comments Rollup cannot place; harmless, but they drown real warnings.
      onwarn(warning, warn) {
        if (warning.code !== "INVALID_ANNOTATION") warn(warning);
      },
    },
  },
  server: { proxy: { "/api": "http://localhost:3000", "/health": "http://localhost:3000" } },
}));
