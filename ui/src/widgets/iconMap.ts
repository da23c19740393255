//! ChatKit icon names (docs/PROTOCOL.md §4.6) ⇒ lucide-react components.
//! Why: widgets, progress lines, tasks and statuses name icons with ChatKit's vocabulary; the app
//! draws them with Lucide. `lucide:<name>` (kebab-case Lucide names) is accepted too.

import {
  icons as lucideIcons,
  Atom, Award, BookOpen, Book, Bot, Briefcase, Bug, Calendar, ChartLine, Check, CircleCheck, CircleCheckBig,
  ChevronLeft, ChevronRight, CircleQuestionMark, Clock, Compass, PartyPopper, Box, Monitor, FileText, Dot, Ellipsis,
  EllipsisVertical, Circle, ExternalLink, Globe, KeyRound, FlaskConical, Images, Info, LifeBuoy, Lightbulb, Mail, MapPin,
  Map as MapIcon, Smartphone, IdCard, Notebook, NotebookPen, File, Phone, Play, Plus, User, SquareUser, RotateCw, Star,
  Search, Sparkle, Sparkles, SquareCode, Image, SquareText, SlidersHorizontal, PenLine, Pencil, SquarePen, Layers, Zap,
  BookText, Timer, type LucideIcon,
} from "lucide-react";

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

/** The Lucide component for a ChatKit icon name, or undefined when unknown. */
export function lucideFor(name: unknown): LucideIcon | undefined {
  if (typeof name !== "string" || name === "") return undefined;
  if (name.startsWith("lucide:")) {
    const key = pascalCase(name.slice("lucide:".length));
    return (lucideIcons as Record<string, LucideIcon>)[key];
  }
  return CHATKIT_ICONS[name];
}
