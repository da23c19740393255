//! ChatKit icon names (docs/PROTOCOL.md §4.6) ⇒ lucide-react components.
//! Why: widgets, progress lines, tasks and statuses name icons with ChatKit's vocabulary; the app
//! draws them with Lucide. `lucide:<name>` (kebab-case Lucide names) is accepted too.
//!
//! Only ChatKit's own icons are in the initial bundle (named imports, tree-shaken). Lucide's
//! whole set (~1,700 icons, ~700 KB) is fetched on demand, the first time a `lucide:` name is
//! drawn (`loadLucide`, one lazy chunk, `lucideAll.ts`), so the page starts on a small bundle
//! (issue 14 item 6; scripts/bench-app.sh prints the entry size).

import {
  Atom, Award, BookOpen, Book, Bot, Briefcase, Bug, Calendar, ChartLine, Check, CircleCheck, CircleCheckBig,
  ChevronLeft, ChevronRight, CircleQuestionMark, Clock, Compass, PartyPopper, Box, Monitor, FileText, Dot, Ellipsis,
  EllipsisVertical, Circle, ExternalLink, Globe, KeyRound, FlaskConical, Images, Info, LifeBuoy, Lightbulb, Mail, MapPin,
  Map as MapIcon, Smartphone, IdCard, Notebook, NotebookPen, File, Phone, Play, Plus, User, SquareUser, RotateCw, Star,
  Search, Sparkle, Sparkles, SquareCode, Image, SquareText, SlidersHorizontal, PenLine, Pencil, SquarePen, Layers, Zap,
  BookText, Timer, type LucideIcon,
} from "lucide-react";
import { lazyModule } from "../perf/lazyModule";

const CHATKIT_ICONS: Record<string, LucideIcon> = {
  agent: Bot,
  analytics: ChartLine,
  atom: Atom,
  batch: Layers,
  bolt: Zap,
  "book-open": BookOpen,
  "book-closed": Book,
  "book-clock": BookText,
  bug: Bug,
  calendar: Calendar,
  chart: ChartLine,
  check: Check,
  "check-circle": CircleCheck,
  "check-circle-filled": CircleCheckBig,
  "chevron-left": ChevronLeft,
  "chevron-right": ChevronRight,
  "circle-question": CircleQuestionMark,
  clock: Clock,
  compass: Compass,
  confetti: PartyPopper,
  cube: Box,
  desktop: Monitor,
  document: FileText,
  dot: Dot,
  "dots-horizontal": Ellipsis,
  "dots-vertical": EllipsisVertical,
  "empty-circle": Circle,
  "external-link": ExternalLink,
  globe: Globe,
  keys: KeyRound,
  lab: FlaskConical,
  images: Images,
  info: Info,
  lifesaver: LifeBuoy,
  lightbulb: Lightbulb,
  mail: Mail,
  "map-pin": MapPin,
  maps: MapIcon,
  mobile: Smartphone,
  name: IdCard,
  notebook: Notebook,
  "notebook-pencil": NotebookPen,
  "page-blank": File,
  phone: Phone,
  play: Play,
  plus: Plus,
  profile: User,
  "profile-card": SquareUser,
  reload: RotateCw,
  star: Star,
  "star-filled": Star,
  search: Search,
  sparkle: Sparkle,
  "sparkle-double": Sparkles,
  "square-code": SquareCode,
  "square-image": Image,
  "square-text": SquareText,
  suitcase: Briefcase,
  "settings-slider": SlidersHorizontal,
  user: User,
  wreath: Award,
  write: PenLine,
  "write-alt": Pencil,
  "write-alt2": SquarePen,
  timer: Timer,
};

/** Icons drawn filled rather than outlined. */
export const FILLED_ICONS: ReadonlySet<string> = new Set(["star-filled", "check-circle-filled"]);

function pascalCase(kebab: string): string {
  return kebab
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join("");
}

/** The Lucide component for a ChatKit icon name, or for a `lucide:` name already loaded;
 * undefined when unknown or not loaded yet (see `lucideKey` and `loadLucide`). */
export function lucideFor(name: unknown): LucideIcon | undefined {
  if (typeof name !== "string" || name === "") return undefined;
  const key = lucideKey(name);
  if (key !== undefined) return lucideSet.get()?.get(key);
  return CHATKIT_ICONS[name];
}

/** The component name (`ShoppingCart`) of a `lucide:shopping-cart` name; undefined for others. */
export function lucideKey(name: unknown): string | undefined {
  if (typeof name !== "string" || !name.startsWith("lucide:")) return undefined;
  const key = pascalCase(name.slice("lucide:".length));
  return key === "" ? undefined : key;
}

/** The whole Lucide set, fetched on first use (only its own keys are ever looked up). */
const lucideSet = lazyModule(() => import("./lucideAll").then((m) => new Map<string, LucideIcon>(Object.entries(m.lucideIcons))));

/** Fetches Lucide's set (once) and resolves with the component for `key`, or undefined. A failed
 * fetch resolves undefined (the icon is drawn as missing) and is tried again next time. */
export async function loadLucide(key: string): Promise<LucideIcon | undefined> {
  try {
    return (await lucideSet.load()).get(key);
  } catch {
    return undefined;
  }
}
