//! A generated image: the image once its URL is safe to show, a spinner before, and a progress
//! bar while a progressive preview arrives (`generated_image.updated`).

import { LoaderCircle } from "lucide-react";
import type { GeneratedImageItem } from "../protocol/types";
import { safeUrl } from "../widgets/safeUrl";
import { ItemWrapper } from "./ItemWrapper";

export function GeneratedImageView({ item }: { item: GeneratedImageItem }) {
  const src = safeUrl(item.image?.url, "image");
  return (
    <ItemWrapper item={item}>
      <div className="generated-image">
        {src ? (
          <img src={src} alt="Generated" />
        ) : (
          <div className="generated-image-pending">
            <LoaderCircle className="spin" width={20} height={20} />
          </div>
        )}
        {typeof item.progress === "number" && item.progress < 1 && <progress value={item.progress} max={1} />}
      </div>
    </ItemWrapper>
  );
}
