//! The official ChatKit React component, mounted with the app's options.
//! Why a file of its own: it is the only module that imports `@openai/chatkit-react`'s code, and
//! the ChatKit page loads it with a dynamic `import()` after the loader script ran, so the
//! wrapper is a chunk of its own that the built-in interface never loads.

import { ChatKit, useChatKit, type UseChatKitOptions } from "@openai/chatkit-react";

export function ChatKitView({ options }: { options: UseChatKitOptions }) {
  const { control } = useChatKit(options);
  return <ChatKit control={control} className="chatkit-element" />;
}
