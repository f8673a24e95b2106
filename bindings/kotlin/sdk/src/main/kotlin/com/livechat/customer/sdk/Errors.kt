package com.livechat.customer.sdk

/** The stable upper-case code of the SDK docs (`"GROUP_OFFLINE"`, `"SDK_DESTROYED"`, ...). */
val ChatException.code: String
    get() = when (this) {
        is ChatException.Failed -> this.`code`
    }

/** The human-readable description (not `message`, which UniFFI formats as `code=..., reason=...`). */
val ChatException.reason: String
    get() = when (this) {
        is ChatException.Failed -> this.`reason`
    }
