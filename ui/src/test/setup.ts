//! Test setup shared by every unit test file.
//! Why: React Testing Library must unmount between tests, and each test starts with an empty
//! request log.
import { afterEach } from "vitest";
import { cleanup } from "@testing-library/react";

afterEach(() => {
  cleanup();
  if (typeof window !== "undefined") delete window.__shopdesk;
});
