use super::*;

#[test]
fn rfc3339_accepts_what_the_server_sends_and_rejects_the_rest() {
    for ok in [
        "2017-10-12T15:19:21.010200Z",
        "2020-05-07T07:11:28Z",
        "2020-05-07T07:11:28+01:00",
        "2020-05-07t07:11:28.1-05:30",
    ] {
        assert!(is_rfc3339(ok), "{ok}");
    }
    for bad in [
        "",
        "yesterday",
        "2017-10-12",
        "2017-10-12T15:19:21",
        "2017-10-12T15:19:21.Z",
        "2017-10-12T15:19:21Z trailing",
        "2017-10-12T15:19:21+0100",
        "2017-1é-12T15:19:21Z",
    ] {
        assert!(!is_rfc3339(bad), "{bad}");
    }
}

#[test]
fn ticket_body_follows_the_reference_client() {
    let text = |kind: &str, label: &str, answer: &str| FilledFormField {
        kind: kind.into(),
        id: String::new(),
        label: label.into(),
        answer: Some(FormAnswer::Text(answer.into())),
        answers: None,
    };
    let params = SendTicketFormParams {
        filled_form: TicketForm {
            form_id: "t".into(),
            fields: vec![
                text("subject", "Subject:", "Order 1"),
                text("name", "Name:", ""),
                text("email", "Mail:", "a@b.c"),
                FilledFormField {
                    kind: "radio".into(),
                    label: "Pick:".into(),
                    answer: Some(FormAnswer::Choice(FormChoice {
                        id: "1".into(),
                        label: "Two".into(),
                        group_id: None,
                    })),
                    ..Default::default()
                },
                text("header", "ignored", "x"),
            ],
        },
        group_id: None,
        time_zone: None,
    };
    let body = tickets::body(&params, 7, "visitor", Some(2), Some("https://p/1"));
    assert_eq!(body.ticket_message, "Pick: Two");
    assert_eq!(
        body.json,
        json!({"licence_id": 7, "ticket_message": "Pick: Two",
            "offline_message": "Subject: Order 1\nName:\nMail: a@b.c\nPick: Two",
            "visitor_id": "visitor", "requester": {"mail": "a@b.c"}, "group": 2,
            "source": {"url": "https://p/1"}, "subject": "Order 1"})
    );
}

#[test]
fn ticket_errors_are_typed() {
    let requester = json!({"errors": [{"incorrect requester structure": ["mail is invalid"]}]});
    let err = tickets::error(422, &requester);
    assert_eq!(
        (err.code, err.message.as_str()),
        (ErrorCode::Validation, "mail is invalid")
    );
    assert_eq!(
        tickets::error(400, &Value::Null).code,
        ErrorCode::Validation
    );
    assert_eq!(
        tickets::error(503, &Value::Null).code,
        ErrorCode::ServiceUnavailable
    );
    assert_eq!(tickets::error(500, &Value::Null).code, ErrorCode::Internal);
    let typed = json!({"error": {"type": "license_expired", "message": "License expired"}});
    assert_eq!(tickets::error(402, &typed).code.as_str(), "LICENSE_EXPIRED");
}

#[test]
fn validation_rejects_bad_arguments() {
    assert!(required("x", " ").is_err());
    assert!(validate_new_event(&NewEvent::message("")).is_err());
    assert!(validate_new_event(&NewEvent::file("")).is_err());
    assert!(validate_new_event(&NewEvent::message("hi")).is_ok());
    assert!(properties_given(&Properties::new()).is_err());
    assert!(property_names_given(&[("ns".to_owned(), vec![])].into()).is_err());
    assert!(session_field_keys(&[(String::new(), "v".into())]).is_err());
}
