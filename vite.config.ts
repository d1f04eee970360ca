import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig(({ command }) => {
  // A build is always the production bundle, even when started from a test run: with
  // NODE_ENV=test Vite would emit React's development build (JSX dev runtime, 60 % larger).
  if (command === "build") process.env.NODE_ENV = "production";
  return {
    root: "src/web",
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
  };
});
