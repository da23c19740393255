//! Test setup shared by every unit test file.
//! Why: React Testing Library must unmount between tests, and each test starts with an empty
//! request log.
import { afterEach } from "vitest";
import { resetRequestLog } from "../transport/requestLog";

afterEach(async () => {
  if (typeof document !== "undefined") {
    const { cleanup } = await import("@testing-library/react");
    cleanup();
  }
  resetRequestLog();
});
