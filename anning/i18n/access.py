"""Translations: sign-in, roles and the audit log."""

TABLE: dict[str, tuple[str, str]] = {
    "auth.signin_title": ("Sign in", "登录"),
    "auth.signin_intro": (
        "Anning holds unpublished enforcement data: sign in to continue.",
        "安宁含未发布的执法数据，请登录后继续。",
    ),
    "auth.signin_required": ("Sign in to continue.", "请先登录。"),
    "auth.name": ("User name", "用户名"),
    "auth.password": ("Password", "密码"),
    "auth.submit": ("Sign in", "登录"),
    "auth.failed": ("Wrong user name or password.", "用户名或密码错误。"),
    "auth.throttled": (
        "Too many failed attempts for this name; try again in a few minutes.",
        "该用户名登录失败次数过多，请几分钟后再试。",
    ),
    "auth.throttled_address": (
        "Too many failed sign-ins from this computer; try again in a few minutes.",
        "本机登录失败次数过多，请几分钟后再试。",
    ),
    "auth.ended.removed": (
        "Your session has ended: your account was removed or disabled.",
        "您的会话已结束：账户已被删除或停用。",
    ),
    "auth.ended.expired": (
        "Your session has ended: it expired or was signed out elsewhere. Please sign in again.",
        "您的会话已结束：已过期或已在别处退出登录，请重新登录。",
    ),
    "auth.ungated": (
        "This server was started without Anning's security layer and shows no data. "
        "Ask the administrator to start it with: streamlit run serve.py",
        "本服务未启用安宁的安全层，不显示任何数据。请管理员使用以下命令启动：streamlit run serve.py",
    ),
    "auth.no_users": (
        "No user accounts are set up yet. Ask your system administrator for an account.",
        "尚未设置用户账号，请联系系统管理员开通。",
    ),
    "auth.signed_in_as": ("Signed in as {name} ({role})", "当前用户：{name}（{role}）"),
    "auth.signout": ("Sign out", "退出登录"),
    "auth.demo_user": ("Demo mode: signed in as the demo analyst.", "演示模式：已以演示分析员身份登录。"),
    "auth.demo_banner": (
        "You are signed in as the demo analyst; sign in from the sidebar to try another role.",
        "您当前以演示分析员身份登录，可在侧边栏以其他用户登录以体验其他角色。",
    ),
    "auth.other_user": ("Sign in as another user", "以其他用户登录"),
    "auth.sso_button": ("Sign in with the ministry account", "使用部统一身份认证登录"),
    "auth.sso_no_role": (
        "{email} has no role in Anning. Ask an administrator to assign one.",
        "{email}在安宁中没有角色，请联系管理员分配。",
    ),
    "auth.read_only": ("Your role can read this page but not load data.", "您的角色只能查看本页，不能导入数据。"),
    "audit.title": ("Audit log", "审计日志"),
    "audit.caption": (
        "Loads, publications, approvals, exports and sign-ins: the latest {n}.",
        "数据导入、发布、审批、导出和登录记录：最近{n}条。",
    ),
    "audit.empty": ("No entries yet.", "暂无记录。"),
    "col.ts": ("Time", "时间"),
    "col.user_name": ("User", "用户"),
    "col.action": ("Action", "操作"),
    "col.detail": ("Detail", "详情"),
}
